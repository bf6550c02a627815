import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { TENANT_ID } from '../../platform/schemas.ts';
import { withTenant } from '../shape.ts';
import { roleAssignments } from '../role-assignments.ts';
import * as queries from './queries.ts';
import type { MemberRolesBody } from './schemas.ts';
import { uniqueIds } from '../../platform/ids.ts';


const roles = roleAssignments('user');

/** Ids plus the ids of the named roles; any unknown name fails the request with the names. */
async function resolveRoleIds(db: Executor, input: MemberRolesBody): Promise<string[]> {
  const names = uniqueIds(input.organizationRoleNames ?? []);
  const found = names.length ? await queries.findRolesByName(db, names) : [];
  const missing = names.filter((name) => !found.some((role) => role.name === name));
  if (missing.length) throw new ApiError('organization.role_names_not_found', { names: missing });
  return uniqueIds([...(input.organizationRoleIds ?? []), ...found.map((role) => role.id)]);
}

/** Every role to every user; a non-member fails the membership foreign key, a MachineToMachine role the type check (422). */
export const addRolesToUsers = roles.addToMany;

export async function listUserRoles(db: Executor, organizationId: string, userId: string, page: Page | undefined) {
  const { rows, total } = await roles.list(db, organizationId, userId, page);
  return { rows: rows.map(withTenant), total };
}

/** By ids or names, in one transaction: an unknown name adds nothing. */
export async function addUserRoles(db: Db, organizationId: string, userId: string, input: MemberRolesBody) {
  return db.transaction().execute(async (trx) => ({
    organizationRoleIds: await roles.add(trx, organizationId, userId, (db) => resolveRoleIds(db, input)),
  }));
}

/** Replace-all by ids or names, under the membership row's lock so that concurrent replacements serialize. */
export const replaceUserRoles = (db: Db, organizationId: string, userId: string, input: MemberRolesBody) =>
  roles.replace(db, organizationId, userId, (trx) => resolveRoleIds(trx, input));

export const removeUserRole = roles.removeOne;

/** Not behind the membership guard (as Logto): a non-member, or a suspended member, has `[]`. */
export async function listMemberScopes(db: Executor, organizationId: string, userId: string) {
  const rows = await queries.listMemberScopes(db, { organizationId, userId });
  // Completed in place (fresh rows): a copy per permission showed in the route's profile.
  for (const row of rows as Array<(typeof rows)[number] & { tenantId?: typeof TENANT_ID }>) row.tenantId = TENANT_ID;
  return rows as Array<(typeof rows)[number] & { tenantId: typeof TENANT_ID }>;
}
