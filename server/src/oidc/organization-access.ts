import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import { isThirdParty } from './clients.ts';
import { findThirdPartyOrganizationAccess, findUserOrganizationPermissions, type MembershipPermissions } from './organization-queries.ts';
import { ORGANIZATIONS_RESOURCE, ORGANIZATIONS_SCOPE } from './organization-urns.ts';

/** `access_denied` with status 403, as Logto answers a token request for an organization the caller is not in. */
export class OrganizationAccessDenied extends errors.AccessDenied {
  constructor(description: string) {
    super(description);
    this.status = 403;
    this.statusCode = 403;
  }
}

interface Stash {
  organizationId: string;
  /** Organization permissions the member holds now in that organization. */
  scopes: string[];
}

const stashes = new WeakMap<object, Stash>();

/** What the access check found for this token request, for the resource-server lookup that follows. */
export function organizationStash(ctx: KoaContextWithOIDC): Stash | undefined {
  return stashes.get(ctx);
}

interface Prefetched {
  accountId: string;
  organizationId: string;
  membership: MembershipPermissions;
}

const prefetched = new WeakMap<object, Prefetched>();

/**
 * The membership read with the account earlier in this same request (account.ts), so the check
 * below needs no round trip of its own. Per request, never across requests: authorization is
 * read live for every token.
 */
export function rememberMembership(ctx: KoaContextWithOIDC, accountId: string, organizationId: string, membership: MembershipPermissions): void {
  prefetched.set(ctx, { accountId, organizationId, membership });
}

/**
 * The checks of a refresh-token request with `organization_id` (reference §4.2 step 3), run after
 * oidc-provider has validated the refresh token, its client and account (suspended users fail
 * there), and before it rotates the token, so a refused request leaves the refresh token usable.
 */
export async function checkUserOrganizationAccess(db: Db, ctx: KoaContextWithOIDC, organizationId: string): Promise<void> {
  const refreshToken = ctx.oidc.entities.RefreshToken;
  const client = ctx.oidc.entities.Client;
  if (!refreshToken || !client) throw new errors.InvalidGrant();
  const early = prefetched.get(ctx);
  const membership =
    early && early.accountId === refreshToken.accountId && early.organizationId === organizationId
      ? early.membership
      : await findUserOrganizationPermissions(db, refreshToken.accountId, organizationId);
  if (membership.status === undefined) throw new OrganizationAccessDenied('user is not a member of the organization');
  if (membership.status === 'Suspended') throw new OrganizationAccessDenied('membership in the organization is suspended');
  // A third-party application gets only the organizations the user granted it (consent page, or
  // the Management API's consent-organizations), and of their permissions only those it may ask
  // for (its user consent scopes); first-party applications get every membership.
  let scopes = membership.scopes;
  if (isThirdParty(client)) {
    const access = await findThirdPartyOrganizationAccess(db, client.clientId, refreshToken.accountId, organizationId);
    if (!access.granted) throw new OrganizationAccessDenied('organization access is not granted to the application');
    const allowed = new Set(access.permissions);
    scopes = scopes.filter((scope) => allowed.has(scope));
  }
  if (membership.isMfaRequired) {
    // Guildhall has no multi-factor authentication yet, so no user can satisfy the requirement.
    throw new OrganizationAccessDenied('organization requires MFA but user has no MFA configured');
  }
  if (!refreshToken.scopes.has(ORGANIZATIONS_SCOPE)) {
    throw new errors.InsufficientScope('refresh token missing required scope', ORGANIZATIONS_SCOPE);
  }
  stashes.set(ctx, { organizationId, scopes });
}

/**
 * RFC 8707 §2.2: a refresh token serves only the resources it was issued for. Checked before
 * rotation (oidc-provider checks it after, which would cost the client its refresh token).
 */
export function checkRefreshTokenResource(ctx: KoaContextWithOIDC): void {
  const resource = ctx.oidc.params?.resource as string | undefined;
  const refreshToken = ctx.oidc.entities.RefreshToken;
  if (!resource || !refreshToken || refreshToken.resourceIndicators.has(resource)) return;
  throw new errors.InvalidTarget(
    resource === ORGANIZATIONS_RESOURCE
      ? `the refresh token was not issued for ${ORGANIZATIONS_RESOURCE}; request it at authorization`
      : 'the refresh token was not issued for this resource',
  );
}
