import type { Db, Executor } from '../../platform/database.ts';
import { ApiError, fromDatabaseError } from '../../platform/errors.ts';
import { uniqueIds } from '../../platform/ids.ts';
import { isProtectedApplication } from '../service.ts';
import * as queries from './queries.ts';
import type { AccessControl } from './schemas.ts';

/**
 * Who may sign in to an application (reference §2.9). With every list empty, anyone may (the
 * default); otherwise only people a rule lets in (oidc/application-access.ts enforces it).
 */
export async function getAccessControl(db: Executor, applicationId: string) {
  const application = await db.selectFrom('applications').select('id').where('id', '=', applicationId).executeTakeFirst();
  if (!application) throw new ApiError('entity.not_exists_with_id', { name: 'application', id: applicationId });
  return queries.findAccessControl(db, applicationId);
}

export async function replaceAccessControl(db: Db, applicationId: string, input: AccessControl) {
  // Rules on the Console's own application could lock every administrator out of it.
  if (isProtectedApplication(applicationId)) throw new ApiError('application.protected');
  const empty = input.organizationRoleRules.find((rule) => rule.organizationRoleIds.length === 0);
  if (empty) throw new ApiError('application.access_control_empty_role_rule', { organizationId: empty.organizationId });
  // One rule per organization: two rules for one organization are merged.
  const rules = new Map<string, string[]>();
  for (const rule of input.organizationRoleRules) rules.set(rule.organizationId, [...(rules.get(rule.organizationId) ?? []), ...rule.organizationRoleIds]);
  const normalized: AccessControl = {
    userIds: uniqueIds(input.userIds),
    userRoleIds: uniqueIds(input.userRoleIds),
    organizationIds: uniqueIds(input.organizationIds),
    organizationRoleRules: [...rules].map(([organizationId, roleIds]) => ({ organizationId, organizationRoleIds: uniqueIds(roleIds) })),
  };
  try {
    const found = await db.transaction().execute((trx) => queries.replaceAccessControl(trx, applicationId, normalized));
    if (!found) throw new ApiError('entity.not_exists_with_id', { name: 'application', id: applicationId });
  } catch (error) {
    // Logto answers an unknown user, role or organization in the rules with 404.
    if (fromDatabaseError(error)?.code === 'entity.relation_foreign_key_not_found') {
      throw new ApiError('entity.not_exists', { name: 'user, role or organization in the rules' }, { cause: error });
    }
    throw error;
  }
  return queries.findAccessControl(db, applicationId);
}
