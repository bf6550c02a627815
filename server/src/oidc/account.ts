import type { Account, FindAccount } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import { listUserOrganizations, type OrganizationClaimRow } from './organization-queries.ts';
import { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE } from './organization-urns.ts';

/**
 * At most this many organizations are listed in an ID token (docs/organization-tokens.md):
 * a user in thousands of organizations must not get a token too large for a cookie or header.
 * Userinfo always lists them all.
 */
export const ID_TOKEN_ORGANIZATION_LIMIT = 100;

/** Which claims each scope releases (OIDC Core §5.4, and Logto's organization scopes §4.1). */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'picture', 'username', 'created_at', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  [ORGANIZATIONS_SCOPE]: ['organizations', 'organization_data'],
  [ORGANIZATION_ROLES_SCOPE]: ['organization_roles'],
};

/**
 * oidc-provider's `findAccount`. A suspended or deleted user has no account, so oidc-provider
 * refuses their refresh tokens, codes and userinfo (invalid_grant / invalid_token).
 */
export function createFindAccount(db: Db): FindAccount {
  return async (_ctx, sub) => {
    const user = await db
      .selectFrom('users')
      .select(['id', 'username', 'name', 'avatar', 'primaryEmail', 'primaryPhone', 'isSuspended', 'createdAt', 'updatedAt'])
      .where('id', '=', sub)
      .executeTakeFirst();
    if (!user || user.isSuspended) return undefined;
    const account: Account = {
      accountId: user.id,
      async claims(use, scope) {
        const scopes = new Set(scope.split(' '));
        const claims: Record<string, unknown> = {
          sub: user.id,
          name: user.name,
          picture: user.avatar,
          username: user.username,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
          email: user.primaryEmail,
          email_verified: Boolean(user.primaryEmail),
          phone_number: user.primaryPhone,
          phone_number_verified: Boolean(user.primaryPhone),
        };
        if (scopes.has(ORGANIZATIONS_SCOPE) || scopes.has(ORGANIZATION_ROLES_SCOPE)) {
          const idToken = use === 'id_token';
          const rows = await listUserOrganizations(db, user.id, idToken ? ID_TOKEN_ORGANIZATION_LIMIT : undefined);
          Object.assign(claims, organizationClaims(rows, { withData: !idToken }));
        }
        return claims as Awaited<ReturnType<Account['claims']>>;
      },
    };
    return account;
  };
}

/** The claims of reference §4.1; `organization_data` is for userinfo only, as Logto's default. */
export function organizationClaims(rows: OrganizationClaimRow[], { withData }: { withData: boolean }) {
  return {
    organizations: rows.map((row) => row.id),
    organization_roles: rows.flatMap((row) => row.roles.map((role) => `${row.id}:${role}`)),
    ...(withData ? { organization_data: rows.map(({ id, name, description }) => ({ id, name, description })) } : {}),
  };
}
