import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/database.ts';
import { createAdapterFactory } from './adapter.ts';
import { SIGNING_ALG } from './clients.ts';
import type { SigningKey } from './keys.ts';
import { findResourceServer } from './resource-servers.ts';

export interface OidcOptions {
  config: Config;
  db: Db;
  keys: SigningKey[];
  /** Extends the configuration (sign-in, organization tokens); applied last. */
  extend?: (configuration: Configuration) => Configuration;
}

/**
 * The one place that builds oidc-provider. Everything is configured through its public API;
 * the exception (extra token-endpoint parameters) is isolated in grants/ and pinned by version.
 */
export function createOidcProvider({ config, db, keys, extend }: OidcOptions): Provider {
  const base: Configuration = {
    adapter: createAdapterFactory(db),
    // The active key first: oidc-provider signs with the first key of the algorithm; retired
    // keys stay published in JWKS until the tokens they signed have expired.
    jwks: { keys: keys.map((key) => key.privateJwk) as never },
    enabledJWA: { idTokenSigningAlgValues: [SIGNING_ALG] },
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALG, grant_types: ['authorization_code'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // RFC 8707: with no `resource`, the default resource (if one is marked) is the audience.
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? (await defaultResourceIndicator(db)),
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx: KoaContextWithOIDC, indicator: string, client) => {
          const server = await findResourceServer(db, ctx, indicator, client);
          if (!server) throw new errors.InvalidTarget(`unknown resource indicator ${indicator}`);
          return {
            scope: server.scopes.join(' '),
            audience: indicator,
            accessTokenTTL: server.accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub }) };
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
  return provider;
}

async function defaultResourceIndicator(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('resources').select('indicator').where('isDefault', '=', true).executeTakeFirst();
  return row?.indicator;
}
