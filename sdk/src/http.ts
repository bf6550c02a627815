import { OrganizationTokenError } from './errors.ts';
import type { OrganizationAuth, OrganizationTokenVerifier } from './verifier.ts';

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Extracts the token from an `Authorization: Bearer <token>` header value; `undefined` when the
 * header is absent or uses another scheme. A Bearer header with an invalid token is a 401.
 *
 * @example
 * ```ts
 * readBearerToken(request.headers.get('authorization')); // 'eyJhbGciOi…' or undefined
 * ```
 */
export function readBearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const match = bearerPattern.exec(header);
  if (match) return match[1];
  if (/^Bearer(?: |$)/i.test(header)) throw new OrganizationTokenError('malformed_token');
  return undefined;
}

/**
 * An HTTP answer for a rejected token: status, `WWW-Authenticate` challenge and JSON body.
 *
 * @example
 * ```ts
 * const { status, headers, body } = errorResponse(error);
 * ```
 */
export interface ErrorResponse {
  status: 401 | 403 | 503;
  headers: Record<string, string>;
  body: { code: string; message: string };
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no `"` or `\`). */
const quotable = (value: string) => value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '');

/**
 * Renders an {@link OrganizationTokenError} as an HTTP answer following RFC 6750 §3: a request
 * without a token gets a bare `Bearer` challenge, a rejected token `error="invalid_token"` (401),
 * a token lacking privileges `error="insufficient_scope"` (403); issuer outages are a 503.
 *
 * @example
 * ```ts
 * const { status, headers, body } = errorResponse(new OrganizationTokenError('token_expired'));
 * // 401, { 'www-authenticate': 'Bearer error="invalid_token", error_description="…"' }
 * ```
 */
export function errorResponse(error: OrganizationTokenError): ErrorResponse {
  const body = { code: error.code, message: error.message };
  const description = `error_description="${quotable(error.message)}"`;
  if (error.status === 503) return { status: 503, headers: {}, body };
  if (error.code === 'missing_token') return { status: 401, headers: { 'www-authenticate': 'Bearer' }, body };
  if (error.status === 401) {
    return { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", ${description}` }, body };
  }
  const scope = error.requiredScopes?.length ? `, scope="${quotable(error.requiredScopes.join(' '))}"` : '';
  return { status: 403, headers: { 'www-authenticate': `Bearer error="insufficient_scope", ${description}${scope}` }, body };
}

/**
 * The shared core of the framework adapters: reads the bearer token, verifies it for the
 * organization and scopes, and returns either the caller or the HTTP answer to send.
 * Errors other than {@link OrganizationTokenError} are rethrown.
 *
 * @example
 * ```ts
 * const result = await authorizeRequest(verifier, req.headers.authorization, params.organizationId, ['invite:users']);
 * if ('auth' in result) handle(result.auth); else send(result.status, result.headers, result.body);
 * ```
 */
export async function authorizeRequest(
  verifier: OrganizationTokenVerifier,
  authorization: string | null | undefined,
  organizationId: string | undefined,
  scopes: readonly string[],
): Promise<{ auth: OrganizationAuth } | ErrorResponse> {
  try {
    return { auth: await verifier.verify(readBearerToken(authorization), { organizationId, scopes }) };
  } catch (error) {
    if (error instanceof OrganizationTokenError) return errorResponse(error);
    throw error;
  }
}

/**
 * Options of the framework adapters' `requireOrganizationScopes`.
 *
 * @example
 * ```ts
 * requireOrganizationScopes(verifier, 'invite:users', { organizationIdParam: 'orgId' });
 * ```
 */
export interface RequireOrganizationScopesOptions {
  /**
   * The route parameter holding the organization id (default `organizationId`). The request fails
   * with a server error if the route has no such parameter; pass `false` to accept a token of any
   * organization (read it from the verified auth).
   */
  organizationIdParam?: string | false;
}

/** Normalizes adapter arguments once, at route definition. */
export function adapterSettings(
  scopes: string | readonly string[],
  options: RequireOrganizationScopesOptions | undefined,
): { scopes: readonly string[]; param: string | false } {
  const list = typeof scopes === 'string' ? [scopes] : [...scopes];
  if (list.some((scope) => typeof scope !== 'string' || scope === '' || scope.includes(' '))) {
    throw new TypeError('requireOrganizationScopes: scopes must be non-empty strings without spaces');
  }
  const param = options?.organizationIdParam ?? 'organizationId';
  if (param !== false && (typeof param !== 'string' || param === '')) {
    throw new TypeError('requireOrganizationScopes: options.organizationIdParam must be a non-empty string or false');
  }
  return { scopes: Object.freeze(list), param };
}

/** Reads the organization id route parameter, failing loudly when the route does not define it. */
export function organizationIdFrom(params: Record<string, unknown> | undefined, param: string | false): string | undefined {
  if (param === false) return undefined;
  const value = params?.[param];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`requireOrganizationScopes: the route has no "${param}" parameter`);
  }
  return value;
}
