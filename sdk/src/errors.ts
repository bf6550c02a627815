/**
 * The one error registry of the SDK: every stable code with its HTTP status and message.
 * Errors are thrown by code; the status is decided here, never where the error is thrown.
 */
const registry = {
  // 401: the request carries no usable token (RFC 6750 §3.1 `invalid_token`).
  missing_token: { status: 401, message: 'An organization access token is required' },
  malformed_token: { status: 401, message: 'The access token is not a well-formed signed JWT' },
  unsupported_algorithm: { status: 401, message: 'The access token is signed with an algorithm that is not allowed' },
  unknown_key: { status: 401, message: 'The access token is signed with a key the issuer does not publish' },
  invalid_signature: { status: 401, message: 'The access token signature is invalid' },
  token_expired: { status: 401, message: 'The access token has expired' },
  token_not_yet_valid: { status: 401, message: 'The access token is not valid yet' },
  invalid_issuer: { status: 401, message: 'The access token was not issued by the expected issuer' },
  invalid_audience: { status: 401, message: 'The access token is not meant for this API' },
  invalid_claims: { status: 401, message: 'The access token claims are missing or malformed' },
  invalid_token_type: { status: 401, message: 'The token is not a JWT access token (typ at+jwt)' },
  // 403: a valid token without the privileges the request needs (RFC 6750 §3.1 `insufficient_scope`).
  missing_organization: { status: 403, message: 'The access token is not scoped to an organization' },
  organization_mismatch: { status: 403, message: 'The access token belongs to another organization' },
  insufficient_scope: { status: 403, message: 'The access token lacks a required scope' },
  // 503: the issuer's discovery document or key set could not be loaded; not the caller's fault.
  issuer_unavailable: { status: 503, message: 'The token issuer keys could not be loaded' },
} as const satisfies Record<string, { status: number; message: string }>;

/**
 * Stable error codes thrown by the verifier.
 *
 * @example
 * ```ts
 * if (error instanceof OrganizationTokenError && error.code === 'insufficient_scope') { … }
 * ```
 */
export type OrganizationTokenErrorCode = keyof typeof registry;

/**
 * The HTTP status each error code maps to: 401 for an absent or unusable token, 403 for a valid
 * token lacking privileges, 503 when the issuer's keys cannot be loaded.
 *
 * @example
 * ```ts
 * errorStatus('organization_mismatch'); // 403
 * ```
 */
export function errorStatus(code: OrganizationTokenErrorCode): 401 | 403 | 503 {
  return registry[code].status;
}

/**
 * The only error the verifier throws for a token it rejects. `code` is stable and safe to branch
 * on; `status` is the HTTP status to answer with; `message` is safe to show to API callers.
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token, { organizationId, scopes: ['invite:users'] });
 * } catch (error) {
 *   if (error instanceof OrganizationTokenError) {
 *     reply.status(error.status).send({ code: error.code, message: error.message });
 *   } else throw error;
 * }
 * ```
 */
export class OrganizationTokenError extends Error {
  override readonly name = 'OrganizationTokenError';
  readonly code: OrganizationTokenErrorCode;
  readonly status: 401 | 403 | 503;
  /** For `insufficient_scope`: the scopes the request requires (RFC 6750 §3 `scope` attribute). */
  readonly requiredScopes: readonly string[] | undefined;

  constructor(
    code: OrganizationTokenErrorCode,
    options: { cause?: unknown; detail?: string; requiredScopes?: readonly string[] } = {},
  ) {
    const { message, status } = registry[code];
    super(options.detail ? `${message}: ${options.detail}` : message, { cause: options.cause });
    this.code = code;
    this.status = status;
    this.requiredScopes = options.requiredScopes;
  }
}
