import { errors, type Client } from 'oidc-provider';
import type { Executor } from '../platform/database.ts';
import { hasAccessControl } from './clients.ts';
import { run, statement } from './statements.ts';

/**
 * App-level access control (reference §2.9; rules at `/api/applications/:id/access-control`):
 * whether a user may sign in to an application. Read live at every authorization and every
 * refresh of an application with rules, so that leaving an organization, being suspended in it or
 * losing a role ends access at the next refresh. An application without rules costs nothing
 * here: its client metadata says so (`access_control`).
 */
const allowed = statement(
  'application_access',
  `select a.id, case when not a.access_control then true else (
       exists (select 1 from application_access_control_users x where x.application_id = a.id and x.user_id = $2)
       or exists (
         select 1 from application_access_control_user_roles x
         join users_roles ur on ur.role_id = x.role_id
         where x.application_id = a.id and ur.user_id = $2)
       or exists (
         select 1 from application_access_control_organizations x
         join organization_user_relations m on m.organization_id = x.organization_id
         where x.application_id = a.id and m.user_id = $2 and m.status = 'Active')
       or exists (
         select 1 from application_access_control_organization_roles x
         join organization_role_user_relations rr
           on rr.organization_id = x.organization_id and rr.organization_role_id = x.organization_role_id
         join organization_user_relations m on m.organization_id = rr.organization_id and m.user_id = rr.user_id
         where x.application_id = a.id and rr.user_id = $2 and m.status = 'Active')
     ) end as allowed
   from applications a where a.id = $1`,
);

/** Whether the user may sign in to the application (true for an application without rules). */
export async function mayUseApplication(db: Executor, applicationId: string, userId: string): Promise<boolean> {
  const [row] = await run<{ allowed: boolean }>(db, allowed, [applicationId, userId]);
  return row?.allowed === true;
}

const DENIED = 'the user may not sign in to this application';

/** `access_denied` with status 403 at the token endpoint (as for organization access). */
class ApplicationAccessDenied extends errors.AccessDenied {
  constructor() {
    super(DENIED);
    this.status = 403;
    this.statusCode = 403;
  }
}

/**
 * Throws `access_denied` when the client has access-control rules that do not let the user in:
 * at the authorization endpoint oidc-provider sends it back to the application's redirect URI;
 * at the token endpoint it answers 403 (checked before the refresh token rotates, so it stays usable).
 */
export async function checkApplicationAccess(db: Executor, client: Client, userId: string, at: 'authorization' | 'token'): Promise<void> {
  if (!hasAccessControl(client) || (await mayUseApplication(db, client.clientId, userId))) return;
  throw at === 'token' ? new ApplicationAccessDenied() : new errors.AccessDenied(DENIED);
}
