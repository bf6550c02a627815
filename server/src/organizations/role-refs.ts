import { sql } from 'kysely';

/** `(values ($1), ($2), …)` rows of one text column, for set-based inserts. */
export function idValues(ids: string[]) {
  return sql`(values ${sql.join(ids.map((id) => sql`(${id})`))})`;
}

/** Role rows as the API shows them (`OrganizationRole`). */
export const ROLE_COLUMNS = ['r.id', 'r.name', 'r.description', 'r.type'] as const;
