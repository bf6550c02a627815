import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { membershipSet } from '../membership-sets.ts';
import { toOrganization, withTenant } from '../shape.ts';
import * as queries from './queries.ts';
import { uniqueIds } from '../../platform/ids.ts';


export async function listApplications(db: Executor, organizationId: string, search: string | undefined, page: Page) {
  const { rows, total } = await queries.listApplications(db, organizationId, search, page);
  return { rows: rows.map(withTenant), total };
}

const applications = membershipSet('application');

/** Only machine-to-machine applications can join (a database check: 422 otherwise). */
export const addApplications = applications.add;

/** Delta replacement under the organization row's lock, as for members. */
export const replaceApplications = applications.replace;

export async function removeApplication(db: Executor, organizationId: string, applicationId: string) {
  if (!(await applications.removeOne(db, organizationId, applicationId))) {
    throw new ApiError('entity.not_found', { organizationId, applicationId });
  }
}

export async function addRolesToApplications(db: Executor, organizationId: string, applicationIds: string[], roleIds: string[]) {
  await queries.insertApplicationRoles(db, organizationId, uniqueIds(applicationIds), uniqueIds(roleIds));
}

async function requireMembership(db: Executor, organizationId: string, applicationId: string, lock = false) {
  if (!(await queries.findApplicationMembership(db, organizationId, applicationId, lock))) {
    throw new ApiError('organization.require_membership', { organizationId, applicationId });
  }
}

export async function listApplicationRoles(db: Executor, organizationId: string, applicationId: string, page: Page | undefined) {
  await requireMembership(db, organizationId, applicationId);
  const { rows, total } = await queries.listApplicationRoles(db, organizationId, applicationId, page);
  return { rows: rows.map(withTenant), total };
}

export async function addApplicationRoles(db: Executor, organizationId: string, applicationId: string, roleIds: string[]) {
  await requireMembership(db, organizationId, applicationId);
  await queries.insertApplicationRoles(db, organizationId, [applicationId], uniqueIds(roleIds));
}

export async function replaceApplicationRoles(db: Db, organizationId: string, applicationId: string, roleIds: string[]) {
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, organizationId, applicationId, true);
    await queries.deleteApplicationRoles(trx, organizationId, applicationId);
    await queries.insertApplicationRoles(trx, organizationId, [applicationId], uniqueIds(roleIds));
  });
}

export async function removeApplicationRole(db: Executor, organizationId: string, applicationId: string, roleId: string) {
  await requireMembership(db, organizationId, applicationId);
  if ((await queries.deleteApplicationRoles(db, organizationId, applicationId, roleId)) === 0) {
    throw new ApiError('entity.not_found', { organizationId, applicationId, organizationRoleId: roleId });
  }
}

export async function listApplicationOrganizations(db: Executor, applicationId: string, page: Page | undefined) {
  if (!(await queries.applicationExists(db, applicationId))) {
    throw new ApiError('entity.not_exists_with_id', { name: 'application', id: applicationId });
  }
  const { rows, total } = await queries.listApplicationOrganizations(db, applicationId, page);
  return { rows: rows.map(toOrganization), total };
}
