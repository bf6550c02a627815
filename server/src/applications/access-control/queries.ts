import { sql } from 'kysely';
import type { Executor } from '../../platform/database.ts';
import { idValues } from '../../organizations/role-refs.ts';
import type { AccessControl } from './schemas.ts';

/** The rules of an application, each list in a stable order. */
export async function findAccessControl(db: Executor, applicationId: string): Promise<AccessControl> {
  const [users, roles, organizations, organizationRoles] = await Promise.all([
    db.selectFrom('applicationAccessControlUsers').select('userId').where('applicationId', '=', applicationId).orderBy('userId').execute(),
    db.selectFrom('applicationAccessControlUserRoles').select('roleId').where('applicationId', '=', applicationId).orderBy('roleId').execute(),
    db
      .selectFrom('applicationAccessControlOrganizations')
      .select('organizationId')
      .where('applicationId', '=', applicationId)
      .orderBy('organizationId')
      .execute(),
    db
      .selectFrom('applicationAccessControlOrganizationRoles')
      .select(['organizationId', 'organizationRoleId'])
      .where('applicationId', '=', applicationId)
      .orderBy('organizationId')
      .orderBy('organizationRoleId')
      .execute(),
  ]);
  const rules: AccessControl['organizationRoleRules'] = [];
  for (const row of organizationRoles) {
    let rule = rules.at(-1);
    if (rule?.organizationId !== row.organizationId) rules.push((rule = { organizationId: row.organizationId, organizationRoleIds: [] }));
    rule.organizationRoleIds.push(row.organizationRoleId);
  }
  return {
    userIds: users.map((row) => row.userId),
    userRoleIds: roles.map((row) => row.roleId),
    organizationIds: organizations.map((row) => row.organizationId),
    organizationRoleRules: rules,
  };
}

/**
 * Replaces the rules in the caller's transaction: the application row is locked first, so two
 * replacements of one application serialize instead of merging. Unknown ids fail their foreign
 * keys and roles of the wrong type their checks; then nothing changes.
 */
export async function replaceAccessControl(db: Executor, applicationId: string, rules: AccessControl): Promise<boolean> {
  const enabled =
    rules.userIds.length + rules.userRoleIds.length + rules.organizationIds.length + rules.organizationRoleRules.length > 0;
  const locked = await db
    .updateTable('applications')
    .set({ accessControl: enabled })
    .where('id', '=', applicationId)
    .executeTakeFirst();
  if (locked.numUpdatedRows === 0n) return false;
  for (const table of [
    'applicationAccessControlUsers',
    'applicationAccessControlUserRoles',
    'applicationAccessControlOrganizations',
    'applicationAccessControlOrganizationRoles',
  ] as const) {
    await db.deleteFrom(table).where('applicationId', '=', applicationId).execute();
  }
  for (const [ids, table, column] of [
    [rules.userIds, 'application_access_control_users', 'user_id'],
    [rules.userRoleIds, 'application_access_control_user_roles', 'role_id'],
    [rules.organizationIds, 'application_access_control_organizations', 'organization_id'],
  ] as const) {
    if (ids.length === 0) continue;
    await sql`insert into ${sql.table(table)} (application_id, ${sql.ref(column)})
      select ${applicationId}, v.id from ${idValues(ids)} as v (id) on conflict do nothing`.execute(db);
  }
  const pairs = rules.organizationRoleRules.flatMap((rule) => rule.organizationRoleIds.map((roleId) => sql`(${rule.organizationId}, ${roleId})`));
  if (pairs.length) {
    await sql`insert into application_access_control_organization_roles (application_id, organization_id, organization_role_id)
      select ${applicationId}, v.organization_id, v.role_id from (values ${sql.join(pairs)}) as v (organization_id, role_id)
      on conflict do nothing`.execute(db);
  }
  return true;
}
