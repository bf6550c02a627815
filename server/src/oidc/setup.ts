import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { JWK } from 'jose';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { signInRoutes, type SignInDeps } from '../sign-in/routes.ts';
import { loadCookieKeys } from './cookie-keys.ts';
import { loadSigningKeys, type SigningKey } from './keys.ts';
import { mountOidc, OIDC_PREFIX } from './mount.ts';
import { createOidcProvider } from './provider.ts';
import { clientAddressKey, createRateLimiter } from './rate-limit.ts';

export interface Oidc {
  /** The current provider (a new one replaces it when the signing keys change). */
  readonly provider: Provider;
  /** The published public keys: the active one and retired ones still in their overlap window. */
  publicJwks(): JWK[];
  /** Reads the signing keys again; rebuilds the provider when they changed. */
  reloadKeys(): Promise<void>;
  /** Stops the timers and adds the last token-endpoint counts to the shared rate limits. */
  close(): Promise<void>;
}


class RateLimited extends errors.OIDCProviderError {
  constructor(retryAfter: number) {
    super(429, 'rate_limited');
    Object.assign(this, { error_description: `too many requests; retry after ${retryAfter} seconds` });
  }
}

/**
 * Everything OpenID Connect: keys, the provider at /oidc, the hosted sign-in pages at /sign-in,
 * rate limits of both, and the periodic key reload.
 */
export async function setupOidc(
  app: App,
  context: AppContext,
  options: { extend?: (configuration: Configuration) => Configuration; onSignedIn?: SignInDeps['onSignedIn'] } = {},
): Promise<Oidc> {
  const { db, config } = context;
  const rateLimiter = createRateLimiter(db, config.rateLimits, (error) => app.log.error({ err: error }, 'rate-limit flush failed'));
  const { limits } = rateLimiter;
  const cookieKeys = await loadCookieKeys(db);
  let keys: SigningKey[] = await loadSigningKeys(db);
  let publicJwks = keys.map((key) => key.publicJwk);

  const beforeGrant = async (ctx: KoaContextWithOIDC) => {
    const client = ctx.oidc.client;
    if (!client || limits.tokenPerClient <= 0) return;
    const wait = rateLimiter.count([{ key: `token:client:${client.clientId}`, limit: limits.tokenPerClient }]);
    if (wait) {
      ctx.set('retry-after', String(wait));
      throw new RateLimited(wait);
    }
  };
  const build = () => createOidcProvider({ config, db, keys, cookieKeys, beforeGrant, extend: options.extend });
  let provider = build();

  // Told once per process: the usual cause is a proxy GUILDHALL_TRUST_PROXY does not name.
  let toldInsecure = !config.endpoint.startsWith('https:');
  await mountOidc(
    app,
    () => provider,
    async (request, reply) => {
      if (!toldInsecure && request.protocol === 'http') {
        toldInsecure = true;
        app.log.warn(
          { peer: request.socket.remoteAddress, url: request.url },
          'GUILDHALL_ENDPOINT is https, but a request reached /oidc over plain http from a peer that is not a trusted proxy: ' +
            'its cookies are not marked Secure and X-Forwarded-* are ignored. Name the proxy in GUILDHALL_TRUST_PROXY (docs/configuration.md, "Behind a proxy").',
        );
      }
      if (request.method !== 'POST' || request.url.split('?')[0] !== `${OIDC_PREFIX}/token`) return true;
      const wait = rateLimiter.count([{ key: `token:ip:${clientAddressKey(request.ip)}`, limit: limits.tokenPerIp }]);
      if (!wait) return true;
      await reply
        .status(429)
        .header('retry-after', String(wait))
        .header('cache-control', 'no-store')
        .send({ error: 'rate_limited', error_description: `too many requests; retry after ${wait} seconds`, code: 'request.rate_limited' });
      return false;
    },
  );
  await signInRoutes(app, { context, provider: () => provider, rateLimiter, onSignedIn: options.onSignedIn });

  const fingerprint = (list: SigningKey[]) => list.map((key) => `${key.kid}:${key.retired}`).join(',');
  const reloadKeys = async () => {
    const next = await loadSigningKeys(db);
    if (fingerprint(next) === fingerprint(keys)) return;
    keys = next;
    publicJwks = keys.map((key) => key.publicJwk);
    provider = build();
  };
  const timer = setInterval(() => {
    reloadKeys().catch((error: unknown) => app.log.error({ err: error }, 'signing key reload failed'));
    rateLimiter.prune().catch((error: unknown) => app.log.error({ err: error }, 'rate-limit prune failed'));
  }, config.keyReloadSeconds * 1000);
  timer.unref();

  return {
    get provider() {
      return provider;
    },
    // The same array until the keys change, so a caller can tell a change by identity.
    publicJwks: () => publicJwks,
    reloadKeys,
    async close() {
      clearInterval(timer);
      await rateLimiter.close().catch((error: unknown) => app.log.error({ err: error }, 'rate-limit flush failed'));
    },
  };
}
