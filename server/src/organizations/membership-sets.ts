import { CompiledQuery } from 'kysely';
import type { Db, Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { lockOrganization } from './queries.ts';
import { uniqueIds } from '../platform/ids.ts';

/**
 * The two kinds of organization membership share their set semantics: users
 * (`organization_user_relations`) and machine-to-machine applications
 * (`organization_application_relations`). What differs between them — the membership status of
 * users, the machine-to-machine check on applications, their roles — lives in the tables and in
 * their own feature folders.
 */
const TABLES = {
  user: { table: 'organization_user_relations', column: 'user_id' },
  application: { table: 'organization_application_relations', column: 'application_id' },
} as const;

export type MemberKind = keyof typeof TABLES;

/** Who a change of a membership set actually added and removed (what its webhook event carries). */
export interface MembershipDelta {
  added: string[];
  removed: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a route that changed a membership set, for the webhook event it sends (webhooks/deliver.ts). */
    membershipDelta?: MembershipDelta;
  }
}

export function membershipSet(kind: MemberKind) {
  const { table, column } = TABLES[kind];
  // Written as SQL text once, the ids as one array parameter: one statement whatever the number of
  // ids (one prepared statement, too), and no query built per request — building the insert with
  // Kysely was an eighth of `POST /api/organizations/:id/users`'s CPU (docs/benchmarks.md).
  // Both return the members they actually added or removed (an existing member is not added again).
  const insertSql = `insert into ${table} (organization_id, ${column})
    select $1, id from unnest($2::varchar[]) as v (id)
    on conflict do nothing
    returning ${column} as id`;
  const deleteSql = `delete from ${table} where organization_id = $1 and ${column} = any($2::varchar[]) returning ${column} as id`;
  const selectSql = `select ${column} as id from ${table} where organization_id = $1`;

  /** The ids of `ids` that the statement returned, in the order of `ids`. */
  async function affected(db: Executor, statement: string, organizationId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await db.executeQuery<{ id: string }>(CompiledQuery.raw(statement, [organizationId, ids]));
    const returned = new Set(rows.map((row) => row.id));
    return ids.filter((id) => returned.has(id));
  }
  /** Existing memberships are left as they are. An unknown member or organization fails a foreign key (422) and adds nobody. */
  const insert = (db: Executor, organizationId: string, ids: string[]) => affected(db, insertSql, organizationId, ids);
  const remove = (db: Executor, organizationId: string, ids: string[]) => affected(db, deleteSql, organizationId, ids);

  return {
    /** Adds members in one statement, idempotently; the delta names those who were not members yet. */
    add: async (db: Executor, organizationId: string, ids: string[]): Promise<MembershipDelta> => ({
      added: await insert(db, organizationId, uniqueIds(ids)),
      removed: [],
    }),

    /**
     * Replaces the member set by its delta, in one transaction that holds the organization row:
     * only departing members are removed (those who stay keep their roles and status), only
     * newcomers added. Concurrent replacements (and additions, whose foreign-key check waits on
     * the row) serialize.
     */
    async replace(db: Db, organizationId: string, ids: string[]): Promise<MembershipDelta> {
      return db.transaction().execute(async (trx) => {
        if (!(await lockOrganization(trx, organizationId))) {
          throw new ApiError('entity.relation_foreign_key_not_found', { name: 'organization', id: organizationId });
        }
        const wanted = new Set(ids);
        const { rows } = await trx.executeQuery<{ id: string }>(CompiledQuery.raw(selectSql, [organizationId]));
        const current = new Set(rows.map((row) => row.id));
        const removed = await remove(trx, organizationId, [...current].filter((id) => !wanted.has(id)));
        const added = await insert(trx, organizationId, [...wanted].filter((id) => !current.has(id)));
        return { added, removed };
      });
    },

    /** Removes one member (their roles in the organization go with the membership); false when it was not one. */
    removeOne: async (db: Executor, organizationId: string, id: string) => (await remove(db, organizationId, [id])).length > 0,
  };
}
