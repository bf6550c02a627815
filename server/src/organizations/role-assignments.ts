import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { uniqueIds } from '../platform/ids.ts';
import { optionallyPaged, type Page } from '../platform/pagination.ts';
import type { MemberKind } from './membership-sets.ts';
import { ROLE_COLUMNS, idValues } from './role-refs.ts';
import type { RoleRef } from './schemas.ts';

/**
 * Organization roles of the two kinds of member, users and machine-to-machine applications. Both
 * relation tables have the same shape — (organization_id, <member>_id, organization_role_id),
 * whose composite foreign key to the membership makes a non-member's role fail with 422 — and
 * only which roles may go where differs (the role-type check in the database).
 */
const KINDS = {
  user: {
    memberships: 'organizationUserRelations',
    roles: 'organizationRoleUserRelations',
    rolesTable: 'organization_role_user_relations',
    column: 'userId',
    sqlColumn: 'user_id',
  },
  application: {
    memberships: 'organizationApplicationRelations',
    roles: 'organizationRoleApplicationRelations',
    rolesTable: 'organization_role_application_relations',
    column: 'applicationId',
    sqlColumn: 'application_id',
  },
} as const;

// Kysely's builder is typed per table; the two role tables differ only in the member column's
// name, so the queries below are written against the user table's type and name the member
// column through a reference.
type RoleTable = 'organizationRoleUserRelations as rr';
type MembershipTable = 'organizationUserRelations';

/**
 * A member's roles, `[{id, name}]` in no particular order (never null), as a JSON array computed
 * inside the enclosing select: `organizationId` and `memberId` name columns of the outer query
 * (e.g. `m.organizationId`), so a whole page of members with their roles is one statement. The
 * caller orders each member's roles with `sortMemberRoles`.
 *
 * Why not `order by` here: a sort in this sub-select runs once per member, and each one sets up a
 * tuplesort in the PostgreSQL backend; on the bench machine that per-row allocation pattern made
 * the backend's malloc return memory to the kernel and take it back on every page (`brk`, with a
 * TLB shootdown each time), which halved the member page's throughput after ~10 s of load and kept
 * it there (docs/benchmarks.md, "PostgreSQL's memory churn"). Sorting one to three roles per member
 * in Node costs next to nothing.
 */
export function rolesJson(db: Executor, kind: MemberKind, organizationId: string, memberId: string) {
  return jsonArrayFrom(
    db
      .selectFrom(`${KINDS[kind].roles} as rr` as RoleTable)
      .innerJoin('organizationRoles as r', 'r.id', 'rr.organizationRoleId')
      .where('rr.organizationId', '=', sql.ref<string>(organizationId))
      .where(sql.ref(`rr.${KINDS[kind].column}`), '=', sql.ref<string>(memberId))
      .select(['r.id', 'r.name']),
  );
}

/**
 * A member's role ids as an array (never null), for a list that names the roles once per page
 * with `roleNamesOf` instead of once per member: joining the roles table inside each member's
 * sub-select rescans it per member (on PostgreSQL a sequential scan of the small table, which asks
 * the kernel for the file's size every time): a quarter of the member page statement's time
 * (docs/benchmarks.md, "The member page's roles, named once per page").
 */
export function roleIdsOf(db: Executor, kind: MemberKind, organizationId: string, memberId: string) {
  const ids = db
    .selectFrom(`${KINDS[kind].roles} as rr` as RoleTable)
    .where('rr.organizationId', '=', sql.ref<string>(organizationId))
    .where(sql.ref(`rr.${KINDS[kind].column}`), '=', sql.ref<string>(memberId))
    .select('rr.organizationRoleId');
  return sql<string[]>`array(${ids})`;
}

/**
 * `{"<role id>": "<name>"}` for every role in the role-id array column `column` of the common
 * table `page` (from `roleIdsOf`), as JSON text (null when the page holds no role): computed once
 * per statement, and text so that the driver does not parse the copy on every row. `nameRoles`
 * reads it.
 */
export function roleNamesOf(page: string, column: string) {
  return sql<string | null>`(select json_object_agg(r.id, r.name)::text from organization_roles r where r.id in (select unnest(p.${sql.ref(column)}) from ${sql.table(page)} p))`;
}

/**
 * Sets each row's `organizationRoles`, `[{id, name}]` in the API's order, from its `roleIds` and
 * the page's `roleNames` (`roleIdsOf`, `roleNamesOf`). In place: the two source columns stay
 * on the row, and the route's response schema leaves them out.
 */
export function nameRoles<Row extends { roleIds: string[]; roleNames: string | null }>(rows: Row[]) {
  const names: Record<string, string> = rows[0]?.roleNames ? JSON.parse(rows[0].roleNames) : {};
  const named = rows as Array<Row & { organizationRoles: RoleRef[] }>;
  for (const row of named) row.organizationRoles = row.roleIds.map((id) => ({ id, name: names[id]! }));
  return sortMemberRoles(named);
}

const byNameThenId = (a: RoleRef, b: RoleRef) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Puts each row's `organizationRoles` (from `rolesJson`) in the API's order: by name, then id,
 * compared by UTF-16 code units, so PostgreSQL and PGlite answer alike whatever the database's
 * collation. In place; returns the rows.
 */
export function sortMemberRoles<Row extends { organizationRoles: RoleRef[] }>(rows: Row[]): Row[] {
  for (const row of rows) if (row.organizationRoles.length > 1) row.organizationRoles.sort(byNameThenId);
  return rows;
}

export function roleAssignments(kind: MemberKind) {
  const { memberships, roles, rolesTable, column, sqlColumn } = KINDS[kind];

  /** Every role to every member (the cartesian product) in one statement; existing pairs are kept. */
  async function insert(db: Executor, organizationId: string, memberIds: string[], roleIds: string[]) {
    if (memberIds.length === 0 || roleIds.length === 0) return;
    await sql`
      insert into ${sql.table(rolesTable)} (organization_id, ${sql.ref(sqlColumn)}, organization_role_id)
      select ${organizationId}, m.id, r.id from ${idValues(memberIds)} as m (id) cross join ${idValues(roleIds)} as r (id)
      on conflict do nothing`.execute(db);
  }

  async function remove(db: Executor, organizationId: string, memberId: string, roleId?: string): Promise<number> {
    let query = db
      .deleteFrom(roles as 'organizationRoleUserRelations')
      .where('organizationId', '=', organizationId)
      .where(sql.ref(column), '=', memberId);
    if (roleId !== undefined) query = query.where('organizationRoleId', '=', roleId);
    return Number((await query.executeTakeFirst()).numDeletedRows);
  }

  /** 422 `organization.require_membership` unless the member is one; `lock` holds the membership row for the transaction. */
  async function requireMembership(db: Executor, organizationId: string, memberId: string, lock = false) {
    const query = db
      .selectFrom(memberships as MembershipTable)
      .select('organizationId')
      .where('organizationId', '=', organizationId)
      .where(sql.ref(column), '=', memberId);
    if (!(await (lock ? query.forUpdate() : query).executeTakeFirst())) {
      throw new ApiError('organization.require_membership', { organizationId, [column]: memberId });
    }
  }

  return {
    /** Bulk: every role to every member; a non-member fails the membership foreign key (422) and nothing is added. */
    addToMany: (db: Executor, organizationId: string, memberIds: string[], roleIds: string[]) =>
      insert(db, organizationId, uniqueIds(memberIds), uniqueIds(roleIds)),

    /** The member's roles by name, all of them or a page. */
    async list(db: Executor, organizationId: string, memberId: string, page: Page | undefined) {
      await requireMembership(db, organizationId, memberId);
      const base = db
        .selectFrom(`${roles} as rr` as RoleTable)
        .innerJoin('organizationRoles as r', 'r.id', 'rr.organizationRoleId')
        .where('rr.organizationId', '=', organizationId)
        .where(sql.ref(`rr.${column}`), '=', memberId);
      return optionallyPaged(
        base.select(ROLE_COLUMNS).orderBy('r.name').orderBy('r.id'),
        () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
        page,
      );
    },

    /**
     * Adds roles to one member (idempotent), inside the caller's transaction if it has one:
     * membership first, then `resolve` turns the request into role ids. Returns those ids.
     */
    async add(db: Executor, organizationId: string, memberId: string, resolve: (db: Executor) => Promise<string[]>) {
      await requireMembership(db, organizationId, memberId);
      const roleIds = uniqueIds(await resolve(db));
      await insert(db, organizationId, [memberId], roleIds);
      return roleIds;
    },

    /**
     * Replace-all in one transaction, under the membership row's lock so that concurrent
     * replacements serialize. `resolve` turns the request into role ids inside that transaction.
     */
    async replace(db: Db, organizationId: string, memberId: string, resolve: (trx: Executor) => Promise<string[]>) {
      await db.transaction().execute(async (trx) => {
        await requireMembership(trx, organizationId, memberId, true);
        const roleIds = uniqueIds(await resolve(trx));
        await remove(trx, organizationId, memberId);
        await insert(trx, organizationId, [memberId], roleIds);
      });
    },

    /** Removes one role; 404 when the member did not hold it. */
    async removeOne(db: Executor, organizationId: string, memberId: string, roleId: string) {
      await requireMembership(db, organizationId, memberId);
      if ((await remove(db, organizationId, memberId, roleId)) === 0) {
        throw new ApiError('entity.not_found', { organizationId, [column]: memberId, organizationRoleId: roleId });
      }
    },
  };
}
