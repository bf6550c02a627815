import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../platform/database.ts';

/**
 * The `organizationRoles` of a member, `[{id, name}]` sorted by name (never null), as a JSON array
 * computed inside the enclosing select: one statement for a whole page of members.
 * `organizationId` and `userId` name columns of the outer query (e.g. `m.organizationId`).
 */
export function userRolesJson(db: Executor, organizationId: string, userId: string) {
  return jsonArrayFrom(
    db
      .selectFrom('organizationRoleUserRelations as rr')
      .innerJoin('organizationRoles as r', 'r.id', 'rr.organizationRoleId')
      .where('rr.organizationId', '=', sql.ref<string>(organizationId))
      .where('rr.userId', '=', sql.ref<string>(userId))
      .select(['r.id', 'r.name'])
      .orderBy('r.name')
      .orderBy('r.id'),
  );
}

/** The same for an application in an organization. */
export function applicationRolesJson(db: Executor, organizationId: string, applicationId: string) {
  return jsonArrayFrom(
    db
      .selectFrom('organizationRoleApplicationRelations as rr')
      .innerJoin('organizationRoles as r', 'r.id', 'rr.organizationRoleId')
      .where('rr.organizationId', '=', sql.ref<string>(organizationId))
      .where('rr.applicationId', '=', sql.ref<string>(applicationId))
      .select(['r.id', 'r.name'])
      .orderBy('r.name')
      .orderBy('r.id'),
  );
}

/** `(values ($1), ($2), …)` rows of one text column, for set-based inserts. */
export function idValues(ids: string[]) {
  return sql`(values ${sql.join(ids.map((id) => sql`(${id})`))})`;
}

/** Role rows as the API shows them (`OrganizationRole`). */
export const ROLE_COLUMNS = ['r.id', 'r.name', 'r.description', 'r.type'] as const;
