import { jsonArrayFrom, jsonBuildObject } from 'kysely/helpers/postgres';
import type { Executor } from '../platform/database.ts';
import { optionallyPaged, type Page } from '../platform/pagination.ts';
import type { RoleType } from '../platform/schema.ts';
import { tenantIdColumn as tenantId } from '../platform/schemas.ts';
import { containsPattern } from '../platform/search.ts';

const ROLE_COLUMNS = ['organizationRoles.id', 'organizationRoles.name', 'organizationRoles.description', 'organizationRoles.type'] as const;

export function findOrganizationRoleById(db: Executor, id: string) {
  return db.selectFrom('organizationRoles').select(ROLE_COLUMNS).select(tenantId).where('id', '=', id).executeTakeFirst();
}

/** Locks the role row: FOR UPDATE for a replace, FOR KEY SHARE to keep it alive while linking. */
export async function lockOrganizationRole(db: Executor, id: string, mode: 'update' | 'share'): Promise<boolean> {
  const query = db.selectFrom('organizationRoles').select('id').where('id', '=', id);
  const row = await (mode === 'update' ? query.forUpdate() : query.forKeyShare()).executeTakeFirst();
  return Boolean(row);
}

function filtered(db: Executor, search: string | undefined) {
  const query = db.selectFrom('organizationRoles');
  if (!search) return query;
  const pattern = containsPattern(search);
  return query.where((eb) =>
    eb.or([eb('id', 'ilike', pattern), eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]),
  );
}

/**
 * One page of roles, each with its organization scopes and API resource scopes. Both arrays come
 * from correlated subqueries in the same statement: one round trip per page, not one per role.
 */
export async function listOrganizationRolesWithScopes(db: Executor, search: string | undefined, page: Page) {
  const rows = filtered(db, search)
    .select(ROLE_COLUMNS)
    .select(tenantId)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('organizationRoleScopeRelations as rs')
          .innerJoin('organizationScopes as s', 's.id', 'rs.organizationScopeId')
          .select(['s.id', 's.name'])
          .whereRef('rs.organizationRoleId', '=', 'organizationRoles.id')
          .orderBy('s.name')
          .orderBy('s.id'),
      ).as('scopes'),
      jsonArrayFrom(
        eb
          .selectFrom('organizationRoleResourceScopeRelations as rr')
          .innerJoin('scopes as sc', 'sc.id', 'rr.scopeId')
          .innerJoin('resources as r', 'r.id', 'sc.resourceId')
          .select((inner) => [
            'sc.id',
            'sc.name',
            jsonBuildObject({ id: inner.ref('r.id'), name: inner.ref('r.name') }).as('resource'),
          ])
          .whereRef('rr.organizationRoleId', '=', 'organizationRoles.id')
          .orderBy('sc.name')
          .orderBy('sc.id'),
      ).as('resourceScopes'),
    ])
    .orderBy('organizationRoles.name')
    .orderBy('organizationRoles.id')
    .limit(page.limit)
    .offset(page.offset);
  const [items, count] = await Promise.all([
    rows.execute(),
    filtered(db, search).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows: items, total: count.count };
}

export async function insertOrganizationRole(
  db: Executor,
  role: { id: string; name: string; description: string | null; type: RoleType },
) {
  await db.insertInto('organizationRoles').values(role).execute();
}

export async function updateOrganizationRole(
  db: Executor,
  id: string,
  update: { name?: string | undefined; description?: string | null | undefined; type?: RoleType | undefined },
): Promise<boolean> {
  if (Object.values(update).every((value) => value === undefined)) {
    return Boolean(await db.selectFrom('organizationRoles').select('id').where('id', '=', id).executeTakeFirst());
  }
  const result = await db.updateTable('organizationRoles').set(update).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteOrganizationRole(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('organizationRoles').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Role ↔ organization scope -------------------------------------------------------------------

export async function listScopesOfRole(db: Executor, roleId: string, page: Page | undefined) {
  const base = db
    .selectFrom('organizationRoleScopeRelations as rs')
    .innerJoin('organizationScopes as s', 's.id', 'rs.organizationScopeId')
    .where('rs.organizationRoleId', '=', roleId);
  const rows = base.select(['s.id', 's.name', 's.description']).select(tenantId).orderBy('s.name').orderBy('s.id');
  return optionallyPaged(rows, () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(), page);
}

export async function linkScopes(db: Executor, roleId: string, scopeIds: string[]) {
  if (scopeIds.length === 0) return;
  await db
    .insertInto('organizationRoleScopeRelations')
    .values(scopeIds.map((organizationScopeId) => ({ organizationRoleId: roleId, organizationScopeId })))
    .onConflict((c) => c.doNothing())
    .execute();
}

export async function unlinkAllScopes(db: Executor, roleId: string) {
  await db.deleteFrom('organizationRoleScopeRelations').where('organizationRoleId', '=', roleId).execute();
}

export async function unlinkScope(db: Executor, roleId: string, scopeId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('organizationRoleScopeRelations')
    .where('organizationRoleId', '=', roleId)
    .where('organizationScopeId', '=', scopeId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Role ↔ API resource scope -------------------------------------------------------------------

export async function listResourceScopesOfRole(db: Executor, roleId: string, page: Page | undefined) {
  const base = db
    .selectFrom('organizationRoleResourceScopeRelations as rr')
    .innerJoin('scopes as s', 's.id', 'rr.scopeId')
    .where('rr.organizationRoleId', '=', roleId);
  const rows = base
    .select(['s.id', 's.resourceId', 's.name', 's.description', 's.createdAt'])
    .select(tenantId)
    .orderBy('s.name')
    .orderBy('s.id');
  return optionallyPaged(rows, () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(), page);
}

export async function linkResourceScopes(db: Executor, roleId: string, scopeIds: string[]) {
  if (scopeIds.length === 0) return;
  await db
    .insertInto('organizationRoleResourceScopeRelations')
    .values(scopeIds.map((scopeId) => ({ organizationRoleId: roleId, scopeId })))
    .onConflict((c) => c.doNothing())
    .execute();
}

export async function unlinkAllResourceScopes(db: Executor, roleId: string) {
  await db.deleteFrom('organizationRoleResourceScopeRelations').where('organizationRoleId', '=', roleId).execute();
}

export async function unlinkResourceScope(db: Executor, roleId: string, scopeId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('organizationRoleResourceScopeRelations')
    .where('organizationRoleId', '=', roleId)
    .where('scopeId', '=', scopeId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
