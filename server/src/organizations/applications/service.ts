import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { lockOrganization } from '../queries.ts';
import { toOrganization, withTenant } from '../shape.ts';
import * as queries from './queries.ts';

const unique = (ids: string[]) => [...new Set(ids)];

export async function listApplications(db: Executor, organizationId: string, search: string | undefined, page: Page) {
  const { rows, total } = await queries.listApplications(db, organizationId, search, page);
  return { rows: rows.map(withTenant), total };
}

/** Only machine-to-machine applications can join (a database check: 422 otherwise). */
export async function addApplications(db: Executor, organizationId: string, applicationIds: string[]) {
  await queries.insertApplications(db, organizationId, unique(applicationIds));
}

/** Delta replacement under the organization row's lock, as for members. */
export async function replaceApplications(db: Db, organizationId: string, applicationIds: string[]) {
  await db.transaction().execute(async (trx) => {
    if (!(await lockOrganization(trx, organizationId))) {
      throw new ApiError('entity.relation_foreign_key_not_found', { name: 'organization', id: organizationId });
    }
    const wanted = new Set(applicationIds);
    const current = new Set(await queries.applicationIds(trx, organizationId));
    await queries.deleteApplications(trx, organizationId, [...current].filter((id) => !wanted.has(id)));
    await queries.insertApplications(trx, organizationId, [...wanted].filter((id) => !current.has(id)));
  });
}

export async function removeApplication(db: Executor, organizationId: string, applicationId: string) {
  if ((await queries.deleteApplications(db, organizationId, [applicationId])) === 0) {
    throw new ApiError('entity.not_found', { organizationId, applicationId });
  }
}

export async function addRolesToApplications(db: Executor, organizationId: string, applicationIds: string[], roleIds: string[]) {
  await queries.insertApplicationRoles(db, organizationId, unique(applicationIds), unique(roleIds));
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
  await queries.insertApplicationRoles(db, organizationId, [applicationId], unique(roleIds));
}

export async function replaceApplicationRoles(db: Db, organizationId: string, applicationId: string, roleIds: string[]) {
  await db.transaction().execute(async (trx) => {
    await requireMembership(trx, organizationId, applicationId, true);
    await queries.deleteApplicationRoles(trx, organizationId, applicationId);
    await queries.insertApplicationRoles(trx, organizationId, [applicationId], unique(roleIds));
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
