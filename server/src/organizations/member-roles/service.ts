import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { withTenant } from '../shape.ts';
import * as queries from './queries.ts';
import type { MemberRolesBody } from './schemas.ts';
import { uniqueIds } from '../../platform/ids.ts';


async function requireMembership(db: Executor, organizationId: string, userId: string, lock = false) {
  if (!(await queries.findMember(db, organizationId, userId, lock))) {
    throw new ApiError('organization.require_membership', { organizationId, userId });
  }
}

/** Ids plus the ids of the named roles; any unknown name fails the request with the names. */
async function resolveRoleIds(db: Executor, input: MemberRolesBody): Promise<string[]> {
  const names = uniqueIds(input.organizationRoleNames ?? []);
  const found = names.length ? await queries.findRolesByName(db, names) : [];
  const missing = names.filter((name) => !found.some((role) => role.name === name));
  if (missing.length) throw new ApiError('organization.role_names_not_found', { names: missing });
  return uniqueIds([...(input.organizationRoleIds ?? []), ...found.map((role) => role.id)]);
}

export async function addRolesToUsers(db: Executor, organizationId: string, userIds: string[], roleIds: string[]) {
  await queries.insertUserRoles(db, organizationId, uniqueIds(userIds), uniqueIds(roleIds));
}

export async function listUserRoles(db: Executor, organizationId: string, userId: string, page: Page | undefined) {
  await requireMembership(db, organizationId, userId);
  const { rows, total } = await queries.listUserRoles(db, organizationId, userId, page);
  return { rows: rows.map(withTenant), total };
}

export async function addUserRoles(db: Db, organizationId: string, userId: string, input: MemberRolesBody) {
  return db.transaction().execute(async (trx) => {
    await requireMembership(trx, organizationId, userId);
    const roleIds = await resolveRoleIds(trx, input);
    await queries.insertUserRoles(trx, organizationId, [userId], roleIds);
    return { organizationRoleIds: roleIds };
  });
}

/** Replace-all, under the membership row's lock so that concurrent replacements serialize. */
export async function replaceUserRoles(db: Db, organizationId: string, userId: string, input: MemberRolesBody) {
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, organizationId, userId, true);
    const roleIds = await resolveRoleIds(trx, input);
    await queries.deleteUserRoles(trx, organizationId, userId);
    await queries.insertUserRoles(trx, organizationId, [userId], roleIds);
  });
}

export async function removeUserRole(db: Executor, organizationId: string, userId: string, roleId: string) {
  await requireMembership(db, organizationId, userId);
  if ((await queries.deleteUserRoles(db, organizationId, userId, roleId)) === 0) {
    throw new ApiError('entity.not_found', { organizationId, userId, organizationRoleId: roleId });
  }
}

/** Not behind the membership guard (as Logto): a non-member, or a suspended member, has `[]`. */
export async function listMemberScopes(db: Executor, organizationId: string, userId: string) {
  const rows = await queries.listMemberScopes(db, organizationId, userId);
  return rows.map(withTenant);
}
