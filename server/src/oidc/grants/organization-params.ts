/**
 * THE ONE PLACE that reaches into oidc-provider's internals.
 *
 * oidc-provider drops token-endpoint parameters a grant does not declare, and `extraParams` only
 * reaches the authorization endpoint. Logto's organization tokens need `organization_id` on the
 * refresh_token and client_credentials grants, so those grants are registered again, through the
 * public `registerGrantType`, with a longer parameter list — and their handlers are oidc-provider's
 * own built-in ones, imported from its internal modules and called as oidc-provider itself calls
 * them (lib/helpers/initialize_app.js). Everything organization-specific happens through public
 * configuration (getResourceServerInfo, rotateRefreshToken, extraTokenClaims).
 *
 * oidc-provider is pinned at exactly {@link PINNED_OIDC_PROVIDER_VERSION};
 * server/test/oidc/organization-params.test.ts fails loudly when an upgrade changes what this
 * file relies on.
 */
import { createRequire } from 'node:module';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { ORGANIZATIONS_RESOURCE, organizationUrn } from '../organization-urns.ts';

export const PINNED_OIDC_PROVIDER_VERSION = '9.13.3';

type GrantHelpers = Record<string, (...args: unknown[]) => unknown>;
interface BuiltInGrant {
  handler: (provider: Provider, helpers: GrantHelpers, ctx: KoaContextWithOIDC) => Promise<void>;
  parameters: Set<string>;
  grantType: string;
}

const INTERNAL = 'oidc-provider/lib/';
const builtIn = {
  authorization_code: (await import(`${INTERNAL}actions/grants/authorization_code.js`)) as BuiltInGrant,
  refresh_token: (await import(`${INTERNAL}actions/grants/refresh_token.js`)) as BuiltInGrant,
  client_credentials: (await import(`${INTERNAL}actions/grants/client_credentials.js`)) as BuiltInGrant,
};
const grantHelpers = (await import(`${INTERNAL}helpers/grants.js`)) as GrantHelpers;

/** What this file relies on; the upgrade guard test compares it with the installed package. */
export function installedOidcProvider() {
  const require = createRequire(import.meta.url);
  const { version } = require('oidc-provider/package.json') as { version: string };
  return {
    version,
    parameters: Object.fromEntries(Object.entries(builtIn).map(([name, grant]) => [name, [...grant.parameters].sort()])),
    helpers: Object.keys(grantHelpers).sort(),
  };
}

export interface OrganizationGrantOptions {
  /** The resource of a client-credentials token that names neither `resource` nor `organization_id`. */
  defaultResource: (ctx: KoaContextWithOIDC) => Promise<string | undefined>;
  /** Runs before every grant, once the client is authenticated (rate limiting). */
  beforeGrant?: (ctx: KoaContextWithOIDC) => Promise<void>;
  /** Runs after oidc-provider's refresh_token handler, whether it succeeded or threw (adapter.ts: the rotation). */
  afterRefreshToken?: (ctx: KoaContextWithOIDC, outcome: { succeeded: boolean }) => Promise<void>;
}

export function registerOrganizationGrants(provider: Provider, options: OrganizationGrantOptions): void {
  const helpers: GrantHelpers = Object.fromEntries(
    Object.entries(grantHelpers).map(([name, helper]) => [name, helper.bind(undefined, provider)]),
  );
  const call = (grant: BuiltInGrant, ctx: KoaContextWithOIDC) => grant.handler(provider, helpers, ctx);
  const organizationIdOf = (ctx: KoaContextWithOIDC) => {
    const value = ctx.oidc.params?.organization_id as string | undefined;
    if (value === '') throw new errors.InvalidRequest('organization_id must not be empty');
    return value;
  };

  provider.registerGrantType(
    'authorization_code',
    async (ctx: KoaContextWithOIDC) => {
      await options.beforeGrant?.(ctx);
      await call(builtIn.authorization_code, ctx);
    },
    [...builtIn.authorization_code.parameters, 'resource'],
    ['resource'],
  );

  provider.registerGrantType(
    'refresh_token',
    async (ctx: KoaContextWithOIDC) => {
      await options.beforeGrant?.(ctx);
      // An organization token (no `resource`) is the pseudo resource's token, whose audience
      // getResourceServerInfo turns into urn:logto:organization:<id>.
      if (organizationIdOf(ctx) !== undefined && !ctx.oidc.params!.resource) ctx.oidc.params!.resource = ORGANIZATIONS_RESOURCE;
      try {
        await call(builtIn.refresh_token, ctx);
      } catch (error) {
        await options.afterRefreshToken?.(ctx, { succeeded: false });
        throw error;
      }
      await options.afterRefreshToken?.(ctx, { succeeded: true });
    },
    [...builtIn.refresh_token.parameters, 'resource', 'organization_id'],
    ['resource'],
  );

  provider.registerGrantType(
    'client_credentials',
    async (ctx: KoaContextWithOIDC) => {
      await options.beforeGrant?.(ctx);
      const params = ctx.oidc.params!;
      const organizationId = organizationIdOf(ctx);
      if (params.resource === undefined) {
        params.resource = organizationId === undefined ? await options.defaultResource(ctx) : organizationUrn(organizationId);
        if (params.resource === undefined) {
          throw new errors.InvalidTarget('both `resource` and `organization_id` are not provided');
        }
      }
      await call(builtIn.client_credentials, ctx);
      // Logto always answers `scope` for organization tokens, possibly empty.
      if (organizationId !== undefined) (ctx.body as { scope?: string }).scope ??= '';
    },
    [...builtIn.client_credentials.parameters, 'resource', 'organization_id'],
    ['resource'],
  );
}
