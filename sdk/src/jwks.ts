import {
  createRemoteJWKSet,
  customFetch,
  type CryptoKey,
  type JWTVerifyGetKey,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
} from 'jose';
import { parseSecureUrl, type ResolvedOptions } from './options.ts';

/**
 * The issuer's keys: jose's remote key set, plus the keys it already resolved.
 */
export interface KeySet {
  /**
   * The key jose resolved earlier for a token with exactly this protected header (the first
   * segment of the compact JWS), as long as the JWKS has not changed since; else undefined.
   */
  remembered(protectedHeader: string): CryptoKey | undefined;
  /** jose's key resolver, remembering each key it resolves. */
  resolve: JWTVerifyGetKey;
}

/**
 * Finds the JWKS URL through OIDC Discovery 1.0 and returns jose's remote key set, which caches
 * the keys, refetches them after `cacheMaxAge`, and reloads on an unknown `kid` at most once per
 * cooldown; fronted by {@link rememberKeys} so a hot path skips the key set lookup.
 */
export async function loadKeySet(options: ResolvedOptions): Promise<KeySet> {
  const jwksUri = options.jwksUri ?? (await discoverJwksUri(options));
  let fetches = 0;
  const remote = createRemoteJWKSet(jwksUri, {
    cooldownDuration: options.jwksCooldownMs,
    cacheMaxAge: options.jwksCacheMaxAgeMs,
    timeoutDuration: options.timeoutMs,
    [customFetch]: (url, init) => {
      fetches++;
      return fetch(url, init);
    },
  });
  return rememberKeys(remote, () => fetches);
}

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

// Distinct protected headers are few (one per signing key); the cap only bounds what crafted
// headers with extra parameters could add.
const maxRemembered = 32;

/**
 * Remembers the key jose resolved for each protected header, for as long as jose's key set is the
 * one it was resolved from: no fetch started since, none in flight, and the set still fresh. Any
 * reload (expiry or unknown kid) forgets everything, so a key the issuer withdrew stops being
 * accepted exactly when jose itself would stop accepting it.
 */
function rememberKeys(remote: RemoteKeySet, fetchCount: () => number): KeySet {
  const remembered = new Map<string, CryptoKey>();
  let rememberedAt = -1; // fetch count the remembered keys belong to

  return {
    remembered(protectedHeader) {
      if (rememberedAt !== fetchCount() || remote.reloading || !remote.fresh) return undefined;
      return remembered.get(protectedHeader);
    },
    resolve(header: JWSHeaderParameters, token: FlattenedJWSInput) {
      const settled = !remote.reloading;
      const before = fetchCount();
      return remote(header, token).then((key) => {
        // Only a key from a set that stayed current for the whole lookup may be remembered.
        const current = settled && !remote.reloading && fetchCount() === before;
        if (current && token.protected !== undefined && key.type === 'public') {
          if (rememberedAt !== before || remembered.size >= maxRemembered) {
            remembered.clear();
            rememberedAt = before;
          }
          remembered.set(token.protected, key as CryptoKey);
        }
        return key;
      });
    },
  };
}

async function discoverJwksUri(options: ResolvedOptions): Promise<URL> {
  const response = await fetch(options.discoveryUrl, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (response.status !== 200) {
    throw new Error(`OIDC discovery at ${options.discoveryUrl.href} answered ${response.status}`);
  }
  const metadata: unknown = await response.json();
  if (typeof metadata !== 'object' || metadata === null) {
    throw new Error(`OIDC discovery at ${options.discoveryUrl.href} did not return a JSON object`);
  }
  const { issuer, jwks_uri: jwksUri } = metadata as { issuer?: unknown; jwks_uri?: unknown };
  // OIDC Discovery §4.3: the issuer in the document MUST be identical to the one it was fetched for.
  if (issuer !== options.issuer) {
    throw new Error(`OIDC discovery issuer ${JSON.stringify(issuer)} is not ${JSON.stringify(options.issuer)}`);
  }
  return parseSecureUrl(jwksUri, 'jwks_uri (from discovery)', options.allowInsecureHttp);
}
