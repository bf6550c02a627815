import type { Db, Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { nanoid } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import {
  ADMIN_ROLE_ID,
  MANAGEMENT_API_READ_SCOPE_ID,
  MANAGEMENT_API_SCOPE_ID,
  MANAGEMENT_M2M_ROLE_ID,
  MANAGEMENT_READ_M2M_ROLE_ID,
} from '../management-api/constants.ts';
import { linkService } from '../platform/relation-service.ts';
import * as queries from './queries.ts';
import type { CreateRoleBody, ListRolesQuery, UpdateRoleBody } from './schemas.ts';

/** Built-in roles that grant the Management API, each with its scope: they cannot be deleted, retyped or lose it. */
const PROTECTED = new Map([
  [MANAGEMENT_M2M_ROLE_ID, MANAGEMENT_API_SCOPE_ID],
  [ADMIN_ROLE_ID, MANAGEMENT_API_SCOPE_ID],
  [MANAGEMENT_READ_M2M_ROLE_ID, MANAGEMENT_API_READ_SCOPE_ID],
]);

const missing = (name: string) => (id: string) => new ApiError('entity.not_exists_with_id', { name, id });
const missingRole = missing('role');

export async function getRole(db: Executor, id: string) {
  const role = await queries.findRoleById(db, id);
  if (!role) throw missingRole(id);
  return role;
}

export function listRoles(db: Executor, filter: ListRolesQuery, page: Page) {
  return queries.listRoles(db, filter, page);
}

/** The role and its initial scopes commit together. */
export async function createRole(db: Db, input: CreateRoleBody) {
  const id = nanoid();
  return db.transaction().execute(async (tx) => {
    await queries.insertRole(tx, {
      id,
      name: input.name,
      description: input.description,
      type: input.type ?? 'User',
      isDefault: input.isDefault ?? false,
    });
    await queries.linkRoleScopes(tx, id, [...new Set(input.scopeIds ?? [])]);
    return getRole(tx, id);
  });
}

/** A type change while the role is assigned fails in the database trigger (422 `role.type_in_use`). */
export async function updateRole(db: Executor, id: string, input: UpdateRoleBody) {
  if (PROTECTED.has(id) && input.type !== undefined) {
    const current = await getRole(db, id);
    if (current.type !== input.type) throw new ApiError('role.protected');
  }
  if (!(await queries.updateRole(db, id, input))) throw missingRole(id);
  return getRole(db, id);
}

export async function deleteRole(db: Executor, id: string) {
  if (PROTECTED.has(id)) throw new ApiError('role.protected');
  if (!(await queries.deleteRole(db, id))) throw missingRole(id);
}

const lock = (table: 'roles' | 'users' | 'applications') => (db: Executor, id: string, mode: 'update' | 'share') =>
  queries.lockRow(db, table, id, mode);

export const roleScopes = (db: Db) => {
  const service = linkService(db, {
    lockParent: lock('roles'),
    list: queries.listScopesOfRole,
    link: queries.linkRoleScopes,
    unlinkAll: queries.unlinkAllRoleScopes,
    unlink: queries.unlinkRoleScope,
    missingParent: missingRole,
  });
  return {
    list: service.list,
    add: service.add,
    async remove(roleId: string, scopeId: string) {
      if (PROTECTED.get(roleId) === scopeId) throw new ApiError('role.protected');
      return service.remove(roleId, scopeId);
    },
  };
};

/**
 * Users of a role. Only `User` roles can be assigned to users: the `users_roles__role_type`
 * check answers 422 `entity.db_constraint_violated` otherwise.
 */
export const roleUsers = (db: Db) => {
  const { replace: _replace, ...service } = linkService(db, {
    lockParent: lock('roles'),
    list: queries.listUsersOfRole,
    link: (tx, roleId, userIds) => queries.linkUsersRoles(tx, userIds.map((userId) => ({ userId, roleId }))),
    unlinkAll: async (tx, roleId) => void (await queries.unlinkUserRoles(tx, { roleId })),
    unlink: (tx, roleId, userId) => queries.unlinkUserRoles(tx, { roleId, userId }),
    missingParent: missingRole,
  });
  return service;
};

export const userRoles = (db: Db) =>
  linkService(db, {
    lockParent: lock('users'),
    list: queries.listRolesOfUser,
    link: (tx, userId, roleIds) => queries.linkUsersRoles(tx, roleIds.map((roleId) => ({ userId, roleId }))),
    unlinkAll: async (tx, userId) => void (await queries.unlinkUserRoles(tx, { userId })),
    unlink: (tx, userId, roleId) => queries.unlinkUserRoles(tx, { userId, roleId }),
    missingParent: missing('user'),
  });

/**
 * Applications of a role. Only `MachineToMachine` roles, and only machine-to-machine
 * applications (checks `applications_roles__role_type` and `applications_roles__application_type`).
 */
export const roleApplications = (db: Db) => {
  const { replace: _replace, ...service } = linkService(db, {
    lockParent: lock('roles'),
    list: queries.listApplicationsOfRole,
    link: (tx, roleId, ids) => queries.linkApplicationsRoles(tx, ids.map((applicationId) => ({ applicationId, roleId }))),
    unlinkAll: async (tx, roleId) => void (await queries.unlinkApplicationRoles(tx, { roleId })),
    unlink: (tx, roleId, applicationId) => queries.unlinkApplicationRoles(tx, { roleId, applicationId }),
    missingParent: missingRole,
  });
  return service;
};

export const applicationRoles = (db: Db) =>
  linkService(db, {
    lockParent: lock('applications'),
    list: queries.listRolesOfApplication,
    link: (tx, applicationId, roleIds) => queries.linkApplicationsRoles(tx, roleIds.map((roleId) => ({ applicationId, roleId }))),
    unlinkAll: async (tx, applicationId) => void (await queries.unlinkApplicationRoles(tx, { applicationId })),
    unlink: (tx, applicationId, roleId) => queries.unlinkApplicationRoles(tx, { applicationId, roleId }),
    missingParent: missing('application'),
  });
