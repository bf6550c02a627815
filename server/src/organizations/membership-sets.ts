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


export function membershipSet(kind: MemberKind) {
  const { table, column } = TABLES[kind];
  // Written as SQL text once, the ids as one array parameter: one statement whatever the number of
  // ids (one prepared statement, too), and no query built per request — building the insert with
  // Kysely was an eighth of `POST /api/organizations/:id/users`'s CPU (docs/benchmarks.md).
  const insertSql = `insert into ${table} (organization_id, ${column})
    select $1, id from unnest($2::varchar[]) as v (id)
    on conflict do nothing`;
  const deleteSql = `delete from ${table} where organization_id = $1 and ${column} = any($2::varchar[])`;
  const selectSql = `select ${column} as id from ${table} where organization_id = $1`;

  /** Existing memberships are left as they are. An unknown member or organization fails a foreign key (422) and adds nobody. */
  async function insert(db: Executor, organizationId: string, ids: string[]) {
    if (ids.length === 0) return;
    await db.executeQuery(CompiledQuery.raw(insertSql, [organizationId, ids]));
  }

  async function remove(db: Executor, organizationId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await db.executeQuery(CompiledQuery.raw(deleteSql, [organizationId, ids]));
    return Number(result.numAffectedRows ?? 0);
  }

  return {
    /** Adds members in one statement, idempotently. */
    add: (db: Executor, organizationId: string, ids: string[]) => insert(db, organizationId, uniqueIds(ids)),

    /**
     * Replaces the member set by its delta, in one transaction that holds the organization row:
     * only departing members are removed (those who stay keep their roles and status), only
     * newcomers added. Concurrent replacements (and additions, whose foreign-key check waits on
     * the row) serialize.
     */
    async replace(db: Db, organizationId: string, ids: string[]) {
      await db.transaction().execute(async (trx) => {
        if (!(await lockOrganization(trx, organizationId))) {
          throw new ApiError('entity.relation_foreign_key_not_found', { name: 'organization', id: organizationId });
        }
        const wanted = new Set(ids);
        const { rows } = await trx.executeQuery<{ id: string }>(CompiledQuery.raw(selectSql, [organizationId]));
        const current = new Set(rows.map((row) => row.id));
        await remove(trx, organizationId, [...current].filter((id) => !wanted.has(id)));
        await insert(trx, organizationId, [...wanted].filter((id) => !current.has(id)));
      });
    },

    /** Removes one member (their roles in the organization go with the membership); false when it was not one. */
    removeOne: async (db: Executor, organizationId: string, id: string) => (await remove(db, organizationId, [id])) > 0,
  };
}
