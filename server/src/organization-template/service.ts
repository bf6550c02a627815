import type { Db, Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { nanoid, uniqueIds } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import { linkService } from '../platform/relation-service.ts';
import * as roles from './role-queries.ts';
import * as scopes from './scope-queries.ts';
import type {
  CreateOrganizationRoleBody,
  CreateOrganizationScopeBody,
  UpdateOrganizationRoleBody,
  UpdateOrganizationScopeBody,
} from './schemas.ts';

// Organization scopes (permissions) — reference §2.7 ---------------------------------------------

export async function getOrganizationScope(db: Executor, id: string) {
  const scope = await scopes.findOrganizationScopeById(db, id);
  if (!scope) throw new ApiError('entity.not_exists_with_id', { name: 'organization scope', id });
  return scope;
}

export function listOrganizationScopes(db: Executor, search: string | undefined, page: Page | undefined) {
  return scopes.listOrganizationScopes(db, search, page);
}

export async function createOrganizationScope(db: Executor, input: CreateOrganizationScopeBody) {
  const id = nanoid();
  await scopes.insertOrganizationScope(db, { id, name: input.name, description: input.description ?? null });
  return getOrganizationScope(db, id);
}

export async function updateOrganizationScope(db: Executor, id: string, input: UpdateOrganizationScopeBody) {
  if (!(await scopes.updateOrganizationScope(db, id, input))) {
    throw new ApiError('entity.not_exists', { name: 'organization scope' });
  }
  return getOrganizationScope(db, id);
}

/** Roles that hold the scope lose it (the links cascade), as in Logto. */
export async function deleteOrganizationScope(db: Executor, id: string) {
  if (!(await scopes.deleteOrganizationScope(db, id))) throw new ApiError('entity.not_found');
}

// Organization roles — reference §2.6 ------------------------------------------------------------

export async function getOrganizationRole(db: Executor, id: string) {
  const role = await roles.findOrganizationRoleById(db, id);
  if (!role) throw new ApiError('entity.not_found');
  return role;
}

export function listOrganizationRoles(db: Executor, search: string | undefined, page: Page) {
  return roles.listOrganizationRolesWithScopes(db, search, page);
}

/** The role and its initial scopes commit together: an unknown scope id leaves no role behind. */
export async function createOrganizationRole(db: Db, input: CreateOrganizationRoleBody) {
  const id = nanoid();
  return db.transaction().execute(async (tx) => {
    await roles.insertOrganizationRole(tx, {
      id,
      name: input.name,
      description: input.description ?? null,
      type: input.type ?? 'User',
    });
    await roles.linkScopes(tx, id, uniqueIds(input.organizationScopeIds));
    await roles.linkResourceScopes(tx, id, uniqueIds(input.resourceScopeIds));
    return getOrganizationRole(tx, id);
  });
}

/** A type change while the role is assigned to the other kind fails in the database trigger (422). */
export async function updateOrganizationRole(db: Executor, id: string, input: UpdateOrganizationRoleBody) {
  if (!(await roles.updateOrganizationRole(db, id, input))) {
    throw new ApiError('entity.not_exists', { name: 'organization role' });
  }
  return getOrganizationRole(db, id);
}

export async function deleteOrganizationRole(db: Executor, id: string) {
  if (!(await roles.deleteOrganizationRole(db, id))) throw new ApiError('entity.not_found');
}

// Relations of a role: the same four operations for organization scopes and API resource scopes.

const missingRole = (id: string) => new ApiError('entity.not_exists_with_id', { name: 'organization role', id });

export const roleScopes = (db: Db) =>
  linkService(db, {
    lockParent: roles.lockOrganizationRole,
    list: roles.listScopesOfRole,
    link: roles.linkScopes,
    unlinkAll: roles.unlinkAllScopes,
    unlink: roles.unlinkScope,
    missingParent: missingRole,
  });

export const roleResourceScopes = (db: Db) =>
  linkService(db, {
    lockParent: roles.lockOrganizationRole,
    list: roles.listResourceScopesOfRole,
    link: roles.linkResourceScopes,
    unlinkAll: roles.unlinkAllResourceScopes,
    unlink: roles.unlinkResourceScope,
    missingParent: missingRole,
  });

