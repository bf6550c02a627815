import { sql } from 'kysely';
import type { Config } from '../platform/config.ts';
import type { Db, Executor } from '../platform/database.ts';
import { generateSecret } from '../platform/ids.ts';
import { CONSOLE_APPLICATION_ID, createApplication } from '../applications/service.ts';
import {
  ADMIN_ROLE_ID,
  MANAGEMENT_API_AREA_SCOPES,
  MANAGEMENT_API_READ_SCOPE,
  MANAGEMENT_API_READ_SCOPE_ID,
  MANAGEMENT_API_RESOURCE_ID,
  MANAGEMENT_API_SCOPE,
  MANAGEMENT_API_SCOPE_ID,
  MANAGEMENT_M2M_ROLE_ID,
  MANAGEMENT_READ_M2M_ROLE_ID,
  managementApiIndicator,
} from './constants.ts';

const BOOTSTRAP_LOCK_ID = 7_041_202_613;

export interface BootstrapResult {
  /** Set only when this start created the bootstrap app, so its secret can be shown once. */
  createdAdminApp?: { id: string; secret: string };
}

/**
 * Idempotently ensures what Guildhall needs to be managed: the Management API resource (its
 * indicator follows GUILDHALL_ENDPOINT), its scopes (`all`, `read`, the areas'), the built-in
 * roles granting them, the Console's own OIDC client, and a machine-to-machine admin app. Runs
 * under an advisory lock so nodes starting together do it once.
 */
export async function bootstrap(db: Db, config: Config): Promise<BootstrapResult> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_ID})`.execute(tx);
    const indicator = managementApiIndicator(config.endpoint);
    await tx
      .insertInto('resources')
      .values({ id: MANAGEMENT_API_RESOURCE_ID, name: 'Guildhall Management API', indicator })
      .onConflict((c) => c.column('id').doUpdateSet({ indicator }))
      .execute();
    await tx
      .insertInto('scopes')
      .values([
        {
          id: MANAGEMENT_API_SCOPE_ID,
          resourceId: MANAGEMENT_API_RESOURCE_ID,
          name: MANAGEMENT_API_SCOPE,
          description: 'Full access to the Management API.',
        },
        {
          id: MANAGEMENT_API_READ_SCOPE_ID,
          resourceId: MANAGEMENT_API_RESOURCE_ID,
          name: MANAGEMENT_API_READ_SCOPE,
          description: 'Read-only access to the Management API: every GET except application secrets.',
        },
        ...MANAGEMENT_API_AREA_SCOPES.map((scope) => ({ ...scope, resourceId: MANAGEMENT_API_RESOURCE_ID })),
      ])
      // Any conflict: an installation from before `read` (or an area's scopes) existed may hold a scope of that name.
      .onConflict((c) => c.doNothing())
      .execute();
    await tx
      .insertInto('roles')
      .values([
        {
          id: MANAGEMENT_M2M_ROLE_ID,
          name: 'Management API access',
          description: 'Machine-to-machine apps with this role may call the whole Management API.',
          type: 'MachineToMachine',
        },
        {
          id: ADMIN_ROLE_ID,
          name: 'Administrator',
          description: 'Users with this role administer Guildhall in the Console.',
          type: 'User',
        },
        {
          id: MANAGEMENT_READ_M2M_ROLE_ID,
          name: 'Management API read access',
          description: 'Machine-to-machine apps with this role may read through the Management API (scope `read`), not change anything.',
          type: 'MachineToMachine',
        },
      ])
      // Any conflict: a role of the same name made before the read role was built in stays as it is.
      .onConflict((c) => c.doNothing())
      .execute();
    await tx
      .insertInto('rolesScopes')
      .values([
        { roleId: MANAGEMENT_M2M_ROLE_ID, scopeId: MANAGEMENT_API_SCOPE_ID },
        { roleId: ADMIN_ROLE_ID, scopeId: MANAGEMENT_API_SCOPE_ID },
      ])
      .onConflict((c) => c.doNothing())
      .execute();
    // Only where both exist (either may have lost to a name taken before, above).
    await sql`
      insert into roles_scopes (role_id, scope_id)
      select r.id, s.id from roles r join scopes s on s.id = ${MANAGEMENT_API_READ_SCOPE_ID}
      where r.id = ${MANAGEMENT_READ_M2M_ROLE_ID}
      on conflict do nothing`.execute(tx);

    // The Console signs administrators in as a public client (authorization code + PKCE).
    const consoleRedirect = `${config.endpoint}/console/callback`;
    const consoleMetadata = JSON.stringify({ redirectUris: [consoleRedirect], postLogoutRedirectUris: [`${config.endpoint}/console`] });
    await tx
      .insertInto('applications')
      .values({
        id: CONSOLE_APPLICATION_ID,
        name: 'Guildhall Console',
        description: 'The administration Console (built in).',
        type: 'SPA',
        secret: generateSecret(),
        oidcClientMetadata: consoleMetadata,
      })
      .onConflict((c) => c.column('id').doUpdateSet({ oidcClientMetadata: consoleMetadata }))
      .execute();

    const result: BootstrapResult = {};
    if (config.adminClient) {
      const { id, secret } = config.adminClient;
      const existing = await tx.selectFrom('applications').select('type').where('id', '=', id).executeTakeFirst();
      if (!existing) {
        await createApplication(tx, { name: 'Admin (bootstrap)', type: 'MachineToMachine' }, id, secret);
      } else if (existing.type !== 'MachineToMachine') {
        throw new Error(`GUILDHALL_ADMIN_CLIENT_ID names application ${id}, which is not machine-to-machine`);
      } else {
        await tx.updateTable('applications').set({ secret }).where('id', '=', id).execute();
      }
      await grantManagementAccess(tx, id);
    } else {
      const anyAdminApp = await tx
        .selectFrom('applicationsRoles')
        .select('applicationId')
        .where('roleId', '=', MANAGEMENT_M2M_ROLE_ID)
        .executeTakeFirst();
      if (!anyAdminApp) {
        const created = await createApplication(tx, {
          name: 'Admin (bootstrap)',
          description: 'Created on first start. Full Management API access.',
          type: 'MachineToMachine',
        });
        await grantManagementAccess(tx, created.id);
        result.createdAdminApp = { id: created.id, secret: created.secret };
      }
    }
    return result;
  });
}

async function grantManagementAccess(db: Executor, applicationId: string) {
  await db
    .insertInto('applicationsRoles')
    .values({ applicationId, roleId: MANAGEMENT_M2M_ROLE_ID })
    .onConflict((c) => c.doNothing())
    .execute();
}
