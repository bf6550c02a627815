import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/database.ts';
import { messagePage, PAGE_CSP, signOutPage, escapeHtml } from '../sign-in/pages.ts';
import { createFindAccount } from './account.ts';
import { CLAIMS_BY_SCOPE } from './claims.ts';
import { createAdapterFactory, settleRefreshTokenRotation } from './adapter.ts';
import { checkApplicationAccess } from './application-access.ts';
import { SIGNING_ALG, isThirdParty } from './clients.ts';
import { registerOrganizationGrants } from './grants/organization-params.ts';
import type { SigningKey } from './keys.ts';
import { EXTERNAL_SIGNING_ACK, NodeSigningKey } from './node-signing-key.ts';
import { checkRefreshTokenResource, checkUserOrganizationAccess } from './organization-access.ts';
import {
  ORGANIZATION_ROLES_SCOPE,
  ORGANIZATIONS_RESOURCE,
  ORGANIZATIONS_SCOPE,
  organizationIdFromUrn,
} from './organization-urns.ts';
import { getResourceServerInfo } from './resource-servers.ts';

export interface OidcOptions {
  config: Config;
  db: Db;
  keys: SigningKey[];
  /** Secrets signing oidc-provider's cookies, newest first, shared by every node. */
  cookieKeys: string[];
  /** Runs before every token grant once the client is authenticated (rate limiting). */
  beforeGrant?: (ctx: KoaContextWithOIDC) => Promise<void>;
  /** Extends the configuration (tests); applied last. */
  extend?: (configuration: Configuration) => Configuration;
}

/** The hosted sign-in pages live at /sign-in/<interaction uid> (server/src/sign-in/). */
export const SIGN_IN_PATH = '/sign-in';

/**
 * The one place that builds oidc-provider. Everything is configured through its public API;
 * the exception (extra token-endpoint parameters) is isolated in grants/ and pinned by version.
 */
export function createOidcProvider({ config, db, keys, cookieKeys, beforeGrant, extend }: OidcOptions): Provider {
  const defaultResource = async () => {
    const row = await db.selectFrom('resources').select('indicator').where('isDefault', '=', true).executeTakeFirst();
    return row?.indicator;
  };

  const base: Configuration = {
    adapter: createAdapterFactory(db),
    // The active key first: oidc-provider signs with the first key of the algorithm; retired
    // keys stay published in JWKS until the tokens they signed have expired.
    jwks: { keys: keys.map((key) => new NodeSigningKey(key.privateJwk)) },
    enabledJWA: { idTokenSigningAlgValues: [SIGNING_ALG] },
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALG, grant_types: ['authorization_code'] },
    extraClientMetadata: { properties: ['is_third_party', 'access_control'] },
    cookies: {
      keys: cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone', ORGANIZATIONS_SCOPE, ORGANIZATION_ROLES_SCOPE],
    claims: CLAIMS_BY_SCOPE as Record<string, string[]>,
    // ID tokens carry the claims their scopes release even when an access token for userinfo
    // is issued too (Logto puts the organization claims in the ID token).
    conformIdTokenClaims: false,
    findAccount: createFindAccount(db),
    interactions: { url: async (_ctx, interaction) => `${SIGN_IN_PATH}/${interaction.uid}` },
    // First-party applications skip consent: their grant is created with what they ask for.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(oidc.client!.clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      // Every authorization of a signed-in user passes here, a remembered session's too.
      if (oidc.session?.accountId) await checkApplicationAccess(db, oidc.client!, oidc.session.accountId, 'authorization');
      if (isThirdParty(oidc.client!) || !oidc.session?.accountId) return existing;
      const grant = existing ?? new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session.accountId });
      const requested = [...(oidc.requestParamScopes ?? [])];
      grant.addOIDCScope(requested.filter((scope) => SUPPORTED_SCOPES.has(scope)).join(' '));
      const claimsParameter = oidc.claims as { id_token?: object; userinfo?: object };
      const requestedClaims = [...Object.keys(claimsParameter.id_token ?? {}), ...Object.keys(claimsParameter.userinfo ?? {})];
      if (requestedClaims.length) grant.addOIDCClaims(requestedClaims);
      for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
        const available = new Set((server as { scope?: string }).scope?.split(' ') ?? []);
        grant.addResourceScope(indicator, requested.filter((scope) => available.has(scope)).join(' '));
      }
      await grant.save();
      return grant;
    },
    // Refresh tokens for first-party apps even without offline_access (which oidc-provider only
    // keeps with prompt=consent); third-party apps need offline_access.
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access') || !isThirdParty(client)),
    // Every refresh rotates; a replayed refresh token revokes the whole grant (oidc-provider).
    // The organization checks run here: after oidc-provider validated the token and account,
    // before it rotates, so a refused request does not cost the client its refresh token.
    rotateRefreshToken: async (ctx) => {
      checkRefreshTokenResource(ctx);
      const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
      if (refreshToken && client) await checkApplicationAccess(db, client, refreshToken.accountId, 'token');
      const organizationId = ctx.oidc.params?.organization_id as string | undefined;
      if (organizationId !== undefined) await checkUserOrganizationAccess(db, ctx, organizationId);
      return true;
    },
    extraTokenClaims: async (ctx, token) => {
      const organizationId = ctx?.oidc.params?.organization_id as string | undefined;
      const indicator = (token as { resourceServer?: { identifier(): string } }).resourceServer?.identifier();
      // §4.4: a resource token requested with organization_id names the organization; an
      // organization token does not (its audience does).
      if (organizationId && indicator && indicator !== ORGANIZATIONS_RESOURCE && !organizationIdFromUrn(indicator)) {
        return { organization_id: organizationId };
      }
      return undefined;
    },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    features: {
      externalSigningSupport: { enabled: true, ack: EXTERNAL_SIGNING_ACK },
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.set('content-security-policy', PAGE_CSP);
          ctx.type = 'html';
          ctx.body = signOutPage(form, ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.set('content-security-policy', PAGE_CSP);
          ctx.type = 'html';
          ctx.body = messagePage('Signed out', 'You have been signed out. You can close this window.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx, _client, oneOf) => {
          if (oneOf) {
            // A refresh or code issued for several resources: the API one if there is exactly one.
            const apis = oneOf.filter((indicator) => indicator !== ORGANIZATIONS_RESOURCE);
            return apis.length === 1 ? apis[0]! : (undefined as never);
          }
          const fallback = await defaultResource();
          // Asking for the organizations scope brings in the pseudo resource of organization permissions.
          if (ctx.oidc.route !== 'token' && ctx.oidc.requestParamScopes?.has(ORGANIZATIONS_SCOPE)) {
            return fallback ? [fallback, ORGANIZATIONS_RESOURCE] : ORGANIZATIONS_RESOURCE;
          }
          return fallback as string;
        },
        // As Logto: with `openid`, a code or refresh without `resource` gives a userinfo token;
        // an API token is asked for with `resource` (RFC 8707).
        useGrantedResource: async () => false,
        getResourceServerInfo: (ctx, indicator, client) => getResourceServerInfo(db, config, ctx, indicator, client),
      },
    },
    renderError: async (ctx, out) => {
      ctx.set('content-security-policy', PAGE_CSP);
      ctx.type = 'html';
      ctx.body = messagePage(
        'Something went wrong',
        out.error_description ?? out.error,
        `<p class="muted">Error code: <code>${escapeHtml(out.error)}</code>. Go back to the application and try again.</p>`,
      );
    },
    ttl: {
      AccessToken: 3600,
      ClientCredentials: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
  };
  const provider = new Provider(`${config.endpoint}/oidc`, extend ? extend(base) : base);
  // Behind a TLS-terminating proxy the public scheme and host come from X-Forwarded-*.
  provider.proxy = true;
  registerOrganizationGrants(provider, {
    defaultResource,
    beforeGrant,
    afterRefreshToken: (ctx, outcome) => settleRefreshTokenRotation(db, ctx, outcome),
  });
  return provider;
}

const SUPPORTED_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'phone', ORGANIZATIONS_SCOPE, ORGANIZATION_ROLES_SCOPE]);
