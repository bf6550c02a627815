import type { Account, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import { findEnabledIdTokenClaims, ORGANIZATION_ID_TOKEN_CLAIMS } from '../configs/id-token.ts';
import type { Db } from '../platform/database.ts';
import { CLAIMS_BY_SCOPE } from './claims.ts';
import { isThirdParty } from './clients.ts';
import { findConsentScopes } from './consent-scopes.ts';
import { rememberMembership } from './organization-access.ts';
import {
  findAccountForOrganizationToken,
  findAccountRow,
  listUserOrganizations,
  type AccountRow,
  type IdTokenOrganizationClaims,
  type OrganizationClaimRow,
} from './organization-queries.ts';
import { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE } from './organization-urns.ts';
import { ID_TOKEN_ORGANIZATION_LIMIT, takeAccountReadAlong } from './token-request.ts';

/**
 * At most this many organizations are listed in an ID token (docs/organization-tokens.md):
 * a user in thousands of organizations must not get a token too large for a cookie or header.
 * Userinfo always lists them all.
 */
export { ID_TOKEN_ORGANIZATION_LIMIT };

/** The organization of a refresh-token request for an organization token, if this is one. */
function organizationTokenRequest(ctx: KoaContextWithOIDC | undefined): string | undefined {
  const params = ctx?.oidc?.params;
  if (ctx?.oidc?.route !== 'token' || params?.grant_type !== 'refresh_token') return undefined;
  const organizationId = params.organization_id;
  return typeof organizationId === 'string' && organizationId !== '' ? organizationId : undefined;
}

/**
 * oidc-provider's `findAccount`. A suspended or deleted user has no account, so oidc-provider
 * refuses their refresh tokens, codes and userinfo (invalid_grant / invalid_token).
 *
 * For an organization token (refresh_token + organization_id) it reads, in the same round trip,
 * the membership checked before the refresh token rotates (organization-access.ts) and, when the
 * response will carry an ID token, that token's organization claims: all of it live, for this
 * request only. On a refresh, all of that was usually read with the client already
 * (token-request.ts) and is taken from there.
 */
export function createFindAccount(db: Db): FindAccount {
  return async (ctx, sub, token) => {
    const organizationId = organizationTokenRequest(ctx);
    let user: AccountRow | undefined;
    let idTokenClaims: IdTokenOrganizationClaims | undefined;
    const early = ctx ? takeAccountReadAlong(ctx, sub, organizationId ?? null)?.value : undefined;
    if (early) {
      user = early.account;
      idTokenClaims = early.idTokenClaims;
      if (organizationId !== undefined && user) rememberMembership(ctx, sub, organizationId, early.membership);
    } else if (organizationId !== undefined) {
      const scopes = ctx.oidc.params?.scope ? ctx.oidc.requestParamScopes : (token as { scopes?: Set<string> } | undefined)?.scopes;
      const withIdToken = Boolean(scopes?.has('openid') && (scopes.has(ORGANIZATIONS_SCOPE) || scopes.has(ORGANIZATION_ROLES_SCOPE)));
      const found = await findAccountForOrganizationToken(db, sub, organizationId, withIdToken ? ID_TOKEN_ORGANIZATION_LIMIT : undefined);
      if (found) {
        user = found.account;
        idTokenClaims = found.idTokenClaims;
        rememberMembership(ctx, sub, organizationId, found.membership);
      }
    } else {
      user = await findAccountRow(db, sub);
    }
    if (!user || user.isSuspended) return undefined;
    // A third-party application sees only the organizations the user granted it.
    const client = ctx?.oidc?.client;
    const consentedTo = client && isThirdParty(client) ? client.clientId : undefined;
    const { id, username, name, avatar, primaryEmail, primaryPhone, createdAt, updatedAt } = user;

    /**
     * The organization claims of an ID token: those the ID token configuration enables (read with
     * the request on a refresh, else here), from what was read ahead when that suffices, else
     * from the user's memberships (at most {@link ID_TOKEN_ORGANIZATION_LIMIT}).
     */
    const idTokenOrganizationClaims = async (): Promise<Record<string, unknown>> => {
      const enabled = new Set<string>(idTokenClaims?.enabled ?? (await findEnabledIdTokenClaims(db)));
      const wanted = ORGANIZATION_ID_TOKEN_CLAIMS.filter((claim) => enabled.has(claim));
      if (wanted.length === 0) return {};
      const withData = enabled.has('organization_data');
      const all: Record<string, unknown> =
        idTokenClaims && consentedTo === undefined && !withData
          ? idTokenClaims.claims
          : organizationClaims(await listUserOrganizations(db, id, ID_TOKEN_ORGANIZATION_LIMIT, consentedTo), { withData });
      return Object.fromEntries(wanted.filter((claim) => claim in all).map((claim) => [claim, all[claim]]));
    };
    const account: Account = {
      accountId: id,
      async claims(use, scope) {
        let scopes = new Set(scope.split(' '));
        // A third-party application's user scopes are read live: one an administrator removed
        // since the user consented releases nothing any more (consent-scopes.ts).
        let withheld: string[] = [];
        if (consentedTo !== undefined) {
          const allowed = (await findConsentScopes(db, consentedTo)).oidc;
          withheld = [...scopes].filter((granted) => !allowed.has(granted));
          scopes = new Set([...scopes].filter((granted) => allowed.has(granted)));
        }
        const claims: Record<string, unknown> = {
          sub: id,
          name,
          picture: avatar,
          username,
          created_at: createdAt,
          updated_at: updatedAt,
          email: primaryEmail,
          email_verified: Boolean(primaryEmail),
          phone_number: primaryPhone,
          phone_number_verified: Boolean(primaryPhone),
        };
        if (scopes.has(ORGANIZATIONS_SCOPE) || scopes.has(ORGANIZATION_ROLES_SCOPE)) {
          if (use === 'id_token') {
            Object.assign(claims, await idTokenOrganizationClaims());
          } else {
            Object.assign(claims, organizationClaims(await listUserOrganizations(db, id, undefined, consentedTo), { withData: true }));
          }
        }
        for (const withheldScope of withheld) for (const claim of CLAIMS_BY_SCOPE[withheldScope] ?? []) delete claims[claim];
        return claims as Awaited<ReturnType<Account['claims']>>;
      },
    };
    return account;
  };
}

/** The claims of reference §4.1; `organization_data` only `withData` (userinfo, or ID tokens when enabled). */
export function organizationClaims(rows: OrganizationClaimRow[], { withData }: { withData: boolean }) {
  return {
    organizations: rows.map((row) => row.id),
    organization_roles: rows.flatMap((row) => row.roles.map((role) => `${row.id}:${role}`)),
    ...(withData ? { organization_data: rows.map(({ id, name, description }) => ({ id, name, description })) } : {}),
  };
}
