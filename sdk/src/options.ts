import { organizationAudiencePrefix } from './audience.ts';

/**
 * Asymmetric JWS algorithms the verifier accepts. `none` and the HMAC family (HS256…) are never
 * accepted: a resource server holds no shared secret with the issuer, and RFC 8725 §3.1 asks
 * verifiers to allow-list algorithms.
 *
 * @example
 * ```ts
 * const algorithms: AsymmetricAlgorithm[] = ['ES384'];
 * ```
 */
export type AsymmetricAlgorithm =
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA' | 'Ed25519'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512';

const asymmetricAlgorithms: readonly AsymmetricAlgorithm[] = [
  'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
];

/**
 * Options of {@link createOrganizationTokenVerifier}, validated once at creation.
 *
 * @example
 * ```ts
 * const options: OrganizationTokenVerifierOptions = {
 *   issuer: 'https://auth.example.com/oidc',
 *   apiIndicators: ['https://api.example.com'],
 * };
 * ```
 */
export interface OrganizationTokenVerifierOptions {
  /** The issuer identifier, exactly as in the tokens' `iss` claim (e.g. `https://auth.example.com/oidc`). */
  issuer: string;
  /**
   * API resource indicators this service accepts as `aud`; such tokens must also carry an
   * `organization_id` claim. Tokens with audience `urn:logto:organization:<id>` are always accepted.
   */
  apiIndicators?: readonly string[];
  /** Allowed signing algorithms. Default: every {@link AsymmetricAlgorithm}. */
  algorithms?: readonly AsymmetricAlgorithm[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds (0–300). Default 5. */
  clockToleranceSeconds?: number;
  /** The JWKS URL; when given, OIDC discovery is skipped. Default: `jwks_uri` from discovery. */
  jwksUri?: string;
  /** Minimum time between two JWKS fetches triggered by unknown key ids, in ms. Default 30 000. */
  jwksCooldownMs?: number;
  /** Age after which the cached JWKS is fetched again, in ms. Default 600 000. */
  jwksCacheMaxAgeMs?: number;
  /** Timeout of the discovery and JWKS requests, in ms. Default 5 000. */
  timeoutMs?: number;
  /** Allow plain `http:` issuer and JWKS URLs on hosts other than loopback. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * Require the header `typ: at+jwt` of a JWT access token (RFC 9068 §4), so that an ID token
   * can never pass as an access token. Default true; Guildhall always sets it.
   */
  requireAccessTokenType?: boolean;
}

export interface ResolvedOptions {
  issuer: string;
  discoveryUrl: URL;
  jwksUri: URL | undefined;
  apiIndicators: ReadonlySet<string>;
  algorithms: AsymmetricAlgorithm[];
  clockToleranceSeconds: number;
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
  timeoutMs: number;
  allowInsecureHttp: boolean;
  requireAccessTokenType: boolean;
}

function fail(key: string, expectation: string): never {
  throw new TypeError(`createOrganizationTokenVerifier: options.${key} ${expectation}`);
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Parses an absolute URL, refusing plain http except on loopback or when explicitly allowed. */
export function parseSecureUrl(value: unknown, key: string, allowInsecureHttp: boolean): URL {
  if (typeof value !== 'string' || !URL.canParse(value)) fail(key, 'must be an absolute URL');
  const url = new URL(value);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (allowInsecureHttp || loopbackHosts.has(url.hostname))) return url;
  return fail(key, 'must use https: (http: is allowed for loopback hosts or with allowInsecureHttp)');
}

function duration(value: unknown, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    fail(key, `must be an integer between 0 and ${max}`);
  }
  return value;
}

export function resolveOptions(options: OrganizationTokenVerifierOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createOrganizationTokenVerifier: options must be an object');
  }
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  if (typeof allowInsecureHttp !== 'boolean') fail('allowInsecureHttp', 'must be a boolean');

  const issuerUrl = parseSecureUrl(options.issuer, 'issuer', allowInsecureHttp);
  if (issuerUrl.search || issuerUrl.hash) fail('issuer', 'must not have a query or fragment');
  // OIDC Discovery §4: the configuration lives under the issuer's path, without doubling a slash.
  const discoveryUrl = new URL(`${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);

  const apiIndicators = options.apiIndicators ?? [];
  if (!Array.isArray(apiIndicators)) fail('apiIndicators', 'must be an array of absolute URIs');
  for (const indicator of apiIndicators) {
    // RFC 8707 §2: a resource indicator MUST be an absolute URI without a fragment.
    if (typeof indicator !== 'string' || !URL.canParse(indicator) || indicator.includes('#')) {
      fail('apiIndicators', `must contain absolute URIs without fragment, got ${JSON.stringify(indicator)}`);
    }
    if (indicator.startsWith(organizationAudiencePrefix)) {
      fail('apiIndicators', 'must not contain organization URNs; they are always accepted');
    }
  }

  const requireAccessTokenType = options.requireAccessTokenType ?? true;
  if (typeof requireAccessTokenType !== 'boolean') fail('requireAccessTokenType', 'must be a boolean');

  const algorithms = options.algorithms ?? asymmetricAlgorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0) fail('algorithms', 'must be a non-empty array');
  for (const algorithm of algorithms) {
    if (!asymmetricAlgorithms.includes(algorithm)) {
      fail('algorithms', `may only contain ${asymmetricAlgorithms.join(', ')}; got ${JSON.stringify(algorithm)}`);
    }
  }

  return {
    issuer: options.issuer,
    discoveryUrl,
    jwksUri: options.jwksUri === undefined ? undefined : parseSecureUrl(options.jwksUri, 'jwksUri', allowInsecureHttp),
    apiIndicators: new Set(apiIndicators),
    algorithms: [...algorithms],
    clockToleranceSeconds: duration(options.clockToleranceSeconds, 'clockToleranceSeconds', 5, 300),
    jwksCooldownMs: duration(options.jwksCooldownMs, 'jwksCooldownMs', 30_000),
    jwksCacheMaxAgeMs: duration(options.jwksCacheMaxAgeMs, 'jwksCacheMaxAgeMs', 600_000),
    timeoutMs: duration(options.timeoutMs, 'timeoutMs', 5_000),
    allowInsecureHttp,
    requireAccessTokenType,
  };
}
