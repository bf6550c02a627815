import { sql } from 'kysely';
import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, type Page } from '../../platform/pagination.ts';
import { ROLE_COLUMNS, idValues } from '../role-refs.ts';

/** The membership row, locked for the rest of the transaction when `lock` is set. */
export function findMember(db: Executor, organizationId: string, userId: string, lock = false) {
  const query = db
    .selectFrom('organizationUserRelations')
    .select(['userId', 'status'])
    .where('organizationId', '=', organizationId)
    .where('userId', '=', userId);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Every role to every user (cartesian product) in one statement; existing pairs are kept. A
 * non-member fails the membership foreign key, a MachineToMachine role the role-type check.
 */
export async function insertUserRoles(db: Executor, organizationId: string, userIds: string[], roleIds: string[]) {
  if (userIds.length === 0 || roleIds.length === 0) return;
  await sql`
    insert into organization_role_user_relations (organization_id, user_id, organization_role_id)
    select ${organizationId}, u.id, r.id from ${idValues(userIds)} as u (id) cross join ${idValues(roleIds)} as r (id)
    on conflict do nothing`.execute(db);
}

export async function deleteUserRoles(db: Executor, organizationId: string, userId: string, roleId?: string) {
  let query = db
    .deleteFrom('organizationRoleUserRelations')
    .where('organizationId', '=', organizationId)
    .where('userId', '=', userId);
  if (roleId !== undefined) query = query.where('organizationRoleId', '=', roleId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function findRolesByName(db: Executor, names: string[]) {
  return db.selectFrom('organizationRoles').select(['id', 'name']).where('name', 'in', names).execute();
}

/** The member's roles, by name. */
export async function listUserRoles(db: Executor, organizationId: string, userId: string, page: Page | undefined) {
  const base = db
    .selectFrom('organizationRoleUserRelations as rr')
    .innerJoin('organizationRoles as r', 'r.id', 'rr.organizationRoleId')
    .where('rr.organizationId', '=', organizationId)
    .where('rr.userId', '=', userId);
  return optionallyPaged(
    base.select(ROLE_COLUMNS).orderBy('r.name').orderBy('r.id'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

/**
 * The organization permissions an Active member holds through their roles, each once, by name.
 * A suspended membership (or none) holds none.
 */
export function listMemberScopes(db: Executor, organizationId: string, userId: string) {
  return db
    .selectFrom('organizationUserRelations as m')
    .innerJoin('organizationRoleUserRelations as rr', (join) =>
      join.onRef('rr.organizationId', '=', 'm.organizationId').onRef('rr.userId', '=', 'm.userId'),
    )
    .innerJoin('organizationRoleScopeRelations as rs', 'rs.organizationRoleId', 'rr.organizationRoleId')
    .innerJoin('organizationScopes as s', 's.id', 'rs.organizationScopeId')
    .where('m.organizationId', '=', organizationId)
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'Active')
    .select(['s.id', 's.name', 's.description'])
    .distinct()
    .orderBy('s.name')
    .execute();
}
