import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { organizationOf } from './audience.ts';
import { OrganizationTokenError } from './errors.ts';
import { loadKeySet, type KeySet } from './jwks.ts';
import { resolveOptions, type OrganizationTokenVerifierOptions } from './options.ts';
import { assertScopes, scopesOf } from './scopes.ts';

/**
 * What a request must satisfy, checked after the signature and standard claims.
 *
 * @example
 * ```ts
 * const requirement: OrganizationTokenRequirement = { organizationId: 'org_1', scopes: ['invite:users'] };
 * ```
 */
export interface OrganizationTokenRequirement {
  /** The organization the request addresses (e.g. from the URL); another one fails with 403 `organization_mismatch`. */
  organizationId?: string;
  /** Scopes the token must all carry; a missing one fails with 403 `insufficient_scope`. */
  scopes?: readonly string[] | string;
}

/**
 * The verified caller.
 *
 * @example
 * ```ts
 * const auth: OrganizationAuth = await verifier.verify(token);
 * if (auth.isApplication) console.log(`machine-to-machine app ${auth.clientId}`);
 * ```
 */
export interface OrganizationAuth {
  /** `sub`: the user id, or the application id for a machine-to-machine token. */
  subject: string;
  /** `client_id`: the application the token was issued to. */
  clientId: string;
  /** The organization the token is scoped to. */
  organizationId: string;
  /** The granted scopes (organization permissions or API permissions). */
  scopes: readonly string[];
  /** True for a machine-to-machine token (`sub === client_id`). */
  isApplication: boolean;
  /** Every verified claim of the token. */
  claims: JWTPayload;
}

/**
 * Verifies organization tokens for one issuer. Create it once at start; it keeps the issuer's
 * keys cached.
 *
 * @example
 * ```ts
 * const auth = await verifier.verify(token, { organizationId: 'org_1', scopes: ['invite:users'] });
 * ```
 */
export interface OrganizationTokenVerifier {
  /** The issuer tokens must come from. */
  readonly issuer: string;
  /**
   * Verifies `token` (the compact JWS, without `Bearer `) and returns the caller, or throws an
   * {@link OrganizationTokenError}.
   */
  verify(token: string | undefined, requirement?: OrganizationTokenRequirement): Promise<OrganizationAuth>;
}

/**
 * Creates a verifier for the organization tokens of one issuer. Options are validated now (a
 * `TypeError` names the wrong key); the discovery document and JWKS are fetched on first use,
 * cached, and reloaded when a token names an unknown key id (at most once per cooldown).
 *
 * @example
 * ```ts
 * import { createOrganizationTokenVerifier } from '@guildhall/sdk';
 *
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: 'https://auth.example.com/oidc',
 *   apiIndicators: ['https://api.example.com'], // optional: also accept API tokens with organization_id
 * });
 * const auth = await verifier.verify(token, { organizationId: 'org_1', scopes: ['invite:users'] });
 * console.log(auth.subject, auth.scopes);
 * ```
 */
export function createOrganizationTokenVerifier(options: OrganizationTokenVerifierOptions): OrganizationTokenVerifier {
  const resolved = resolveOptions(options);
  // Built once: jose reads these per call, so the hot path allocates nothing for them.
  const joseOptions: JWTVerifyOptions = Object.freeze({
    issuer: resolved.issuer,
    algorithms: resolved.algorithms,
    clockTolerance: resolved.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub', 'aud'],
    // RFC 9068 §4: resource servers MUST check typ, which keeps ID tokens out.
    ...(resolved.requireAccessTokenType ? { typ: 'at+jwt' } : {}),
  });
  const retryAfterFailureMs = Math.min(resolved.jwksCooldownMs, 5_000);
  let keySet: KeySet | undefined;
  let loading: Promise<KeySet> | undefined;

  const loadKeys = (): Promise<KeySet> =>
    (loading ??= loadKeySet(resolved).then(
      (keys) => (keySet = keys),
      (cause: unknown) => {
        // Keep the failure briefly so an unreachable issuer is not hammered by every request.
        const timer: { unref?: () => void } = setTimeout(() => (loading = undefined), retryAfterFailureMs);
        timer.unref?.(); // Node: never keep the process alive for this
        throw new OrganizationTokenError('issuer_unavailable', { cause });
      },
    ));

  async function verify(
    token: string | undefined,
    requirement?: OrganizationTokenRequirement,
  ): Promise<OrganizationAuth> {
    if (typeof token !== 'string' || token === '') throw new OrganizationTokenError('missing_token');
    const keys = keySet ?? (await loadKeys());
    // A key already resolved for this exact header goes to jose directly, skipping the JWKS lookup.
    const headerEnd = token.indexOf('.');
    const key = headerEnd > 0 ? keys.remembered(token.slice(0, headerEnd)) : undefined;
    let claims: JWTPayload;
    try {
      claims = (await jwtVerify(token, key ?? keys.resolve, joseOptions)).payload;
    } catch (error) {
      throw fromJoseError(error);
    }

    const { sub: subject, client_id: clientId } = claims;
    if (typeof subject !== 'string' || subject === '' || typeof clientId !== 'string' || clientId === '') {
      throw new OrganizationTokenError('invalid_claims', { detail: 'sub and client_id must be non-empty strings' });
    }
    const organizationId = organizationOf(claims, resolved.apiIndicators);
    if (requirement?.organizationId !== undefined && requirement.organizationId !== organizationId) {
      throw new OrganizationTokenError('organization_mismatch');
    }
    const scopes = scopesOf(claims);
    const required = requirement?.scopes;
    if (required !== undefined) assertScopes(scopes, typeof required === 'string' ? [required] : required);
    return { subject, clientId, organizationId, scopes, isApplication: subject === clientId, claims };
  }

  return { issuer: resolved.issuer, verify };
}

function fromJoseError(error: unknown): OrganizationTokenError {
  if (error instanceof OrganizationTokenError) return error;
  if (error instanceof errors.JWTExpired) return new OrganizationTokenError('token_expired', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new OrganizationTokenError('invalid_issuer', { cause: error });
    if (error.claim === 'typ') return new OrganizationTokenError('invalid_token_type', { cause: error });
    if ((error.claim === 'nbf' || error.claim === 'iat') && error.reason === 'check_failed') {
      return new OrganizationTokenError('token_not_yet_valid', { cause: error });
    }
    return new OrganizationTokenError('invalid_claims', { cause: error, detail: `${error.claim} ${error.reason}` });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new OrganizationTokenError('unsupported_algorithm', { cause: error });
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new OrganizationTokenError('invalid_signature', { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new OrganizationTokenError('unknown_key', { cause: error });
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new OrganizationTokenError('malformed_token', { cause: error });
  }
  // Anything else came from loading keys: timeout, HTTP error, invalid JWKS, network failure.
  return new OrganizationTokenError('issuer_unavailable', { cause: error });
}

const convenienceVerifiers = new Map<string, OrganizationTokenVerifier>();

/**
 * One-call verification for scripts and small services. Verifiers are kept per distinct options
 * (up to 16), so keys are fetched once rather than per call; a long-lived service should hold its
 * own {@link createOrganizationTokenVerifier} instead.
 *
 * @example
 * ```ts
 * import { verifyOrganizationToken } from '@guildhall/sdk';
 *
 * const auth = await verifyOrganizationToken(token, {
 *   issuer: 'https://auth.example.com/oidc',
 *   organizationId: 'org_1',
 *   scopes: ['invite:users'],
 * });
 * ```
 */
export function verifyOrganizationToken(
  token: string | undefined,
  options: OrganizationTokenVerifierOptions & OrganizationTokenRequirement,
): Promise<OrganizationAuth> {
  const { organizationId, scopes, ...verifierOptions } = options;
  const key = JSON.stringify(verifierOptions, Object.keys(verifierOptions).sort());
  let verifier = convenienceVerifiers.get(key);
  if (verifier === undefined) {
    verifier = createOrganizationTokenVerifier(verifierOptions);
    if (convenienceVerifiers.size >= 16) convenienceVerifiers.delete(convenienceVerifiers.keys().next().value!);
    convenienceVerifiers.set(key, verifier);
  }
  return verifier.verify(token, { organizationId, scopes });
}
