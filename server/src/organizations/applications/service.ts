import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { membershipSet } from '../membership-sets.ts';
import { roleAssignments } from '../role-assignments.ts';
import { toOrganization, withTenant } from '../shape.ts';
import * as queries from './queries.ts';


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

const roles = roleAssignments('application');

/** Every role to every application; a non-member fails the foreign key, a User role the type check (422). */
export const addRolesToApplications = roles.addToMany;

export async function listApplicationRoles(db: Executor, organizationId: string, applicationId: string, page: Page | undefined) {
  const { rows, total } = await roles.list(db, organizationId, applicationId, page);
  return { rows: rows.map(withTenant), total };
}

export async function addApplicationRoles(db: Executor, organizationId: string, applicationId: string, roleIds: string[]) {
  await roles.add(db, organizationId, applicationId, async () => roleIds);
}

export const replaceApplicationRoles = (db: Db, organizationId: string, applicationId: string, roleIds: string[]) =>
  roles.replace(db, organizationId, applicationId, async () => roleIds);

export const removeApplicationRole = roles.removeOne;

export async function listApplicationOrganizations(db: Executor, applicationId: string, page: Page | undefined) {
  if (!(await queries.applicationExists(db, applicationId))) {
    throw new ApiError('entity.not_exists_with_id', { name: 'application', id: applicationId });
  }
  const { rows, total } = await queries.listApplicationOrganizations(db, applicationId, page);
  return { rows: rows.map(toOrganization), total };
}
