import { errors, type Client, type KoaContextWithOIDC, type ResourceServer as ResourceServerInfo } from 'oidc-provider';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/database.ts';
import { SIGNING_ALG, isThirdParty } from './clients.ts';
import { findConsentScopes, resourcePermissions } from './consent-scopes.ts';
import { organizationStash } from './organization-access.ts';
import {
  findApplicationOrganizationPermissions,
  findApplicationOrganizationResourceScopes,
  findApplicationResourceScopes,
  findUserResourceScopes,
  listOrganizationPermissionNames,
} from './organization-queries.ts';
import { ORGANIZATIONS_RESOURCE, organizationIdFromUrn, organizationUrn } from './organization-urns.ts';
import { OrganizationAccessDenied } from './organization-access.ts';

/** Organization tokens live one hour, whatever the grant (reference §4.2, §4.5). */
export const ORGANIZATION_TOKEN_TTL = 3600;

const info = (audience: string, scopes: Iterable<string>, accessTokenTTL: number): ResourceServerInfo => ({
  scope: [...scopes].join(' '),
  audience,
  accessTokenTTL,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: SIGNING_ALG } },
});

/**
 * oidc-provider's `getResourceServerInfo`: what an access token for `indicator` may carry at
 * most (oidc-provider intersects it with the request and the grant).
 *
 * - At the authorization endpoint: every scope of the resource, so that a grant can hold them.
 *   What a user may actually have is decided live at the token endpoint, so a role given after
 *   sign-in applies to the next token.
 * - At the token endpoint: the scopes the caller holds now — a user through global roles (and,
 *   with `organization_id`, their roles in that organization), an app through its roles.
 */
export async function getResourceServerInfo(
  db: Db,
  config: Config,
  ctx: KoaContextWithOIDC,
  indicator: string,
  client: Client,
): Promise<ResourceServerInfo> {
  const atTokenEndpoint = ctx.oidc.route === 'token';
  const organizationId = atTokenEndpoint ? (ctx.oidc.params?.organization_id as string | undefined) : undefined;

  const urnOrganization = organizationIdFromUrn(indicator);
  if (urnOrganization !== undefined) {
    // Only reachable as the audience of a client-credentials organization token.
    if (ctx.oidc.params?.grant_type !== 'client_credentials' || urnOrganization !== organizationId) {
      throw new errors.InvalidTarget('organization tokens are requested with organization_id');
    }
    const { isMember, scopes } = await findApplicationOrganizationPermissions(db, client.clientId, urnOrganization);
    if (!isMember) throw new OrganizationAccessDenied('app has not associated with the organization');
    return info(indicator, scopes, ORGANIZATION_TOKEN_TTL);
  }

  // A third-party application may ask only for its consent scopes (consent-scopes.ts).
  const thirdParty = isThirdParty(client);

  if (indicator === ORGANIZATIONS_RESOURCE) {
    if (!atTokenEndpoint) {
      const names = thirdParty ? (await findConsentScopes(db, client.clientId)).organizationPermissions : await listOrganizationPermissionNames(db);
      return info(indicator, names, ORGANIZATION_TOKEN_TTL);
    }
    const stash = organizationStash(ctx);
    if (organizationId && stash?.organizationId === organizationId) {
      return info(organizationUrn(organizationId), stash.scopes, ORGANIZATION_TOKEN_TTL);
    }
    // A token for the pseudo resource itself carries nothing.
    return info(indicator, [], ORGANIZATION_TOKEN_TTL);
  }

  const resource = await db
    .selectFrom('resources')
    .select(['id', 'accessTokenTtl'])
    .where('indicator', '=', indicator)
    .executeTakeFirst();
  if (!resource) throw new errors.InvalidTarget(`unknown resource indicator ${indicator}`);

  if (!atTokenEndpoint) {
    const rows = await db.selectFrom('scopes').select('name').where('resourceId', '=', resource.id).execute();
    const allowed = thirdParty ? resourcePermissions(await findConsentScopes(db, client.clientId), indicator) : undefined;
    return info(indicator, rows.map((row) => row.name).filter((name) => !allowed || allowed.has(name)), resource.accessTokenTtl);
  }

  if (ctx.oidc.params?.grant_type === 'client_credentials') {
    if (organizationId) {
      const { isMember } = await findApplicationOrganizationPermissions(db, client.clientId, organizationId);
      if (!isMember) throw new OrganizationAccessDenied('app has not associated with the organization');
      const scopes = await findApplicationOrganizationResourceScopes(db, client.clientId, organizationId, resource.id);
      return info(indicator, scopes, resource.accessTokenTtl);
    }
    return info(indicator, await findApplicationResourceScopes(db, client.clientId, resource.id), resource.accessTokenTtl);
  }

  const accountId = ctx.oidc.account?.accountId ?? ctx.oidc.entities.RefreshToken?.accountId;
  if (!accountId) return info(indicator, [], resource.accessTokenTtl);
  // Membership in `organizationId` was checked before the refresh token rotated (organization-access.ts).
  const organizations = organizationId
    ? { organizationId }
    : config.legacyOrganizationResourceScopes
      ? ({ allOrganizations: true } as const)
      : undefined;
  let scopes = await findUserResourceScopes(db, accountId, resource.id, organizations);
  if (thirdParty) {
    // Held to the application's consent scopes at every token: API permissions for tokens of an
    // organization, or for tokens without one.
    const consent = await findConsentScopes(db, client.clientId);
    const allowed = (organizationId ? consent.organizationResource : consent.resource).get(indicator);
    scopes = scopes.filter((name) => allowed?.has(name) === true);
  }
  return info(indicator, scopes, resource.accessTokenTtl);
}
