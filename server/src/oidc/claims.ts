import { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE } from './organization-urns.ts';

/** Which claims each scope releases (OIDC Core §5.4, and Logto's organization scopes §4.1). */
export const CLAIMS_BY_SCOPE: Readonly<Record<string, readonly string[]>> = {
  openid: ['sub'],
  profile: ['name', 'picture', 'username', 'created_at', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  [ORGANIZATIONS_SCOPE]: ['organizations', 'organization_data'],
  [ORGANIZATION_ROLES_SCOPE]: ['organization_roles'],
};
