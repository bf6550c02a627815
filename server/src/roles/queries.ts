import type { Executor } from '../platform/database.ts';
import { optionallyPaged, type Page } from '../platform/pagination.ts';
import type { RoleType } from '../platform/schema.ts';
import { tenantIdColumn as tenantId } from '../platform/schemas.ts';
import { containsPattern } from '../platform/search.ts';
import type { ListRolesQuery } from './schemas.ts';
import { APPLICATION_PUBLIC_COLUMNS } from '../applications/queries.ts';
import { USER_PUBLIC_COLUMNS } from '../users/queries.ts';

const ROLE_COLUMNS = ['roles.id', 'roles.name', 'roles.description', 'roles.type', 'roles.isDefault'] as const;

export function findRoleById(db: Executor, id: string) {
  return db.selectFrom('roles').select(ROLE_COLUMNS).select(tenantId).where('id', '=', id).executeTakeFirst();
}

export async function lockRow(db: Executor, table: 'roles' | 'users' | 'applications', id: string, mode: 'update' | 'share') {
  const query = db.selectFrom(table).select('id').where('id', '=', id);
  return Boolean(await (mode === 'update' ? query.forUpdate() : query.forKeyShare()).executeTakeFirst());
}

function filtered(db: Executor, filter: ListRolesQuery) {
  let query = db.selectFrom('roles');
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    query = query.where((eb) => eb.or([eb('id', 'ilike', pattern), eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  if (filter.type) query = query.where('type', '=', filter.type);
  const { excludeUserId, excludeApplicationId } = filter;
  if (excludeUserId) {
    query = query.where((eb) =>
      eb.not(eb.exists(eb.selectFrom('usersRoles as ur').select('ur.roleId').whereRef('ur.roleId', '=', 'roles.id').where('ur.userId', '=', excludeUserId))),
    );
  }
  if (excludeApplicationId) {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('applicationsRoles as ar')
            .select('ar.roleId')
            .whereRef('ar.roleId', '=', 'roles.id')
            .where('ar.applicationId', '=', excludeApplicationId),
        ),
      ),
    );
  }
  return query;
}

/** By name, with how many users and applications hold each role (in the same statement). */
export async function listRoles(db: Executor, filter: ListRolesQuery, page: Page) {
  const [rows, count] = await Promise.all([
    filtered(db, filter)
      .select(ROLE_COLUMNS)
      .select(tenantId)
      .select((eb) => [
        eb.selectFrom('usersRoles').select((c) => c.fn.countAll<number>().as('n')).whereRef('usersRoles.roleId', '=', 'roles.id').as('usersCount'),
        eb
          .selectFrom('applicationsRoles')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('applicationsRoles.roleId', '=', 'roles.id')
          .as('applicationsCount'),
      ])
      .orderBy('roles.name')
      .orderBy('roles.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((row) => ({ ...row, usersCount: row.usersCount ?? 0, applicationsCount: row.applicationsCount ?? 0 })), total: count.count };
}

export async function insertRole(
  db: Executor,
  role: { id: string; name: string; description: string; type: RoleType; isDefault: boolean },
) {
  await db.insertInto('roles').values(role).execute();
}

export async function updateRole(
  db: Executor,
  id: string,
  values: { name?: string | undefined; description?: string | undefined; type?: RoleType | undefined; isDefault?: boolean | undefined },
): Promise<boolean> {
  if (Object.values(values).every((value) => value === undefined)) return Boolean(await findRoleById(db, id));
  const result = await db.updateTable('roles').set(values).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteRole(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}


// Role ↔ scope ------------------------------------------------------------------------------

export function listScopesOfRole(db: Executor, roleId: string, page: Page | undefined) {
  const base = db.selectFrom('rolesScopes as rs').innerJoin('scopes as s', 's.id', 'rs.scopeId').where('rs.roleId', '=', roleId);
  return optionallyPaged(
    base.select(['s.id', 's.resourceId', 's.name', 's.description', 's.createdAt']).select(tenantId).orderBy('s.name').orderBy('s.id'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export async function linkRoleScopes(db: Executor, roleId: string, scopeIds: string[]) {
  if (scopeIds.length === 0) return;
  await db.insertInto('rolesScopes').values(scopeIds.map((scopeId) => ({ roleId, scopeId }))).onConflict((c) => c.doNothing()).execute();
}

export async function unlinkAllRoleScopes(db: Executor, roleId: string) {
  await db.deleteFrom('rolesScopes').where('roleId', '=', roleId).execute();
}

export async function unlinkRoleScope(db: Executor, roleId: string, scopeId: string) {
  const result = await db.deleteFrom('rolesScopes').where('roleId', '=', roleId).where('scopeId', '=', scopeId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Users ↔ roles -----------------------------------------------------------------------------

export function listUsersOfRole(db: Executor, roleId: string, page: Page | undefined) {
  const base = db.selectFrom('usersRoles as ur').innerJoin('users as u', 'u.id', 'ur.userId').where('ur.roleId', '=', roleId);
  return optionallyPaged(
    base
      .select(USER_PUBLIC_COLUMNS)
      .orderBy('u.createdAt', 'desc')
      .orderBy('u.id', 'desc'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export function listRolesOfUser(db: Executor, userId: string, page: Page | undefined) {
  const base = db.selectFrom('usersRoles as ur').innerJoin('roles', 'roles.id', 'ur.roleId').where('ur.userId', '=', userId);
  return optionallyPaged(
    base.select(ROLE_COLUMNS).select(tenantId).orderBy('roles.name').orderBy('roles.id'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export async function linkUsersRoles(db: Executor, pairs: Array<{ userId: string; roleId: string }>) {
  if (pairs.length === 0) return;
  await db.insertInto('usersRoles').values(pairs).onConflict((c) => c.doNothing()).execute();
}

export async function unlinkUserRoles(db: Executor, where: { userId?: string; roleId?: string }) {
  let query = db.deleteFrom('usersRoles');
  if (where.userId) query = query.where('userId', '=', where.userId);
  if (where.roleId) query = query.where('roleId', '=', where.roleId);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Applications ↔ roles ----------------------------------------------------------------------

export function listApplicationsOfRole(db: Executor, roleId: string, page: Page | undefined) {
  const base = db
    .selectFrom('applicationsRoles as ar')
    .innerJoin('applications as a', 'a.id', 'ar.applicationId')
    .where('ar.roleId', '=', roleId);
  return optionallyPaged(
    base.select(APPLICATION_PUBLIC_COLUMNS).orderBy('a.createdAt', 'desc').orderBy('a.id', 'desc'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export function listRolesOfApplication(db: Executor, applicationId: string, page: Page | undefined) {
  const base = db
    .selectFrom('applicationsRoles as ar')
    .innerJoin('roles', 'roles.id', 'ar.roleId')
    .where('ar.applicationId', '=', applicationId);
  return optionallyPaged(
    base.select(ROLE_COLUMNS).select(tenantId).orderBy('roles.name').orderBy('roles.id'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export async function linkApplicationsRoles(db: Executor, pairs: Array<{ applicationId: string; roleId: string }>) {
  if (pairs.length === 0) return;
  await db.insertInto('applicationsRoles').values(pairs).onConflict((c) => c.doNothing()).execute();
}

export async function unlinkApplicationRoles(db: Executor, where: { applicationId?: string; roleId?: string }) {
  let query = db.deleteFrom('applicationsRoles');
  if (where.applicationId) query = query.where('applicationId', '=', where.applicationId);
  if (where.roleId) query = query.where('roleId', '=', where.roleId);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}
