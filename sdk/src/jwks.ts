import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { parseSecureUrl, type ResolvedOptions } from './options.ts';

/**
 * Finds the JWKS URL through OIDC Discovery 1.0 and returns jose's remote key set, which caches
 * the keys, refetches them after `cacheMaxAge`, and reloads on an unknown `kid` at most once per
 * cooldown.
 */
export async function loadKeySet(options: ResolvedOptions): Promise<JWTVerifyGetKey> {
  const jwksUri = options.jwksUri ?? (await discoverJwksUri(options));
  return createRemoteJWKSet(jwksUri, {
    cooldownDuration: options.jwksCooldownMs,
    cacheMaxAge: options.jwksCacheMaxAgeMs,
    timeoutDuration: options.timeoutMs,
  });
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
