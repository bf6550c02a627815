import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../platform/errors.ts';
import { MANAGEMENT_API_AREAS, MANAGEMENT_API_READ_SCOPE, MANAGEMENT_API_SCOPE } from './constants.ts';

export interface ManagementCaller {
  type: 'app' | 'user';
  /** The application or user id (`sub`). */
  id: string;
  clientId: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: ManagementCaller;
  }
  interface FastifyContextConfig {
    /** A GET that only the `all` scope may call (it reveals secrets); `read` is refused. */
    fullAccessOnly?: boolean;
  }
}

/** The area (constants.ts) a route pattern belongs to, if any. */
function areaOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  for (const [area, prefixes] of Object.entries(MANAGEMENT_API_AREAS)) {
    if (prefixes.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return area;
  }
  return undefined;
}

/**
 * Whether the token's scopes allow this request: `all` allows everything; `read` allows GET and
 * HEAD except routes marked `fullAccessOnly`; `<area>:write` everything in its area, and
 * `<area>:read` the area's GET and HEAD (but `fullAccessOnly` ones).
 */
function allowed(scopes: string[], request: FastifyRequest): boolean {
  if (scopes.includes(MANAGEMENT_API_SCOPE)) return true;
  const reads = (request.method === 'GET' || request.method === 'HEAD') && request.routeOptions.config.fullAccessOnly !== true;
  if (reads && scopes.includes(MANAGEMENT_API_READ_SCOPE)) return true;
  const area = areaOf(request.routeOptions.url);
  if (area === undefined) return false;
  return scopes.includes(`${area}:write`) || (reads && scopes.includes(`${area}:read`));
}

export interface ManagementAuthOptions {
  issuer: string;
  audience: string;
  /**
   * The currently published public keys. The same array is returned until the keys change, so
   * a new array (a rotation, or a key withdrawn) rebuilds the key set and empties the cache.
   */
  getJwks: () => object[];
  /** Re-reads the keys from the database (a token names a key this node does not know yet). */
  reloadJwks: () => Promise<void>;
  /** Verified tokens remembered at most (default 10,000). */
  cacheSize?: number;
}

/** Asymmetric algorithms only: `none` and HMAC are never accepted. */
const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'RS256', 'PS256'];
const RELOAD_COOLDOWN_MS = 10_000;

/**
 * Verifies the Management API bearer token: signature against Guildhall's own keys, issuer,
 * audience (the Management API indicator), expiry, the scope (`all`, `read` for reads, or an
 * area's scope for that area), and no `organization_id` (the Management API is not scoped to
 * organizations).
 * Failures: 401 `auth.unauthorized`, 401 `auth.jwt_sub_missing`, 403 `auth.forbidden`.
 *
 * A successful verification is remembered until the token expires: verifying is a pure function
 * of the token, the published keys and the clock, so the cache is emptied whenever the keys
 * change and the expiry is checked again on every hit.
 */
export function createManagementAuth(options: ManagementAuthOptions) {
  const cacheSize = options.cacheSize ?? 10_000;
  let jwks = options.getJwks();
  let keySet = createLocalJWKSet({ keys: jwks } as never);
  const verified = new Map<string, JWTPayload & { exp: number }>();
  let reloading: Promise<void> | undefined;
  let lastReload = 0;

  const syncKeys = () => {
    const current = options.getJwks();
    if (current === jwks) return;
    jwks = current;
    keySet = createLocalJWKSet({ keys: jwks } as never);
    verified.clear();
  };

  const check = async (token: string) =>
    (await jwtVerify(token, keySet, { issuer: options.issuer, audience: options.audience, algorithms: ALGORITHMS })).payload;

  async function verify(token: string): Promise<JWTPayload> {
    syncKeys();
    const hit = verified.get(token);
    if (hit && hit.exp * 1000 > Date.now()) return hit;
    if (hit) verified.delete(token);

    let payload: JWTPayload;
    try {
      payload = await check(token);
    } catch (error) {
      // A key rotated in on another node: reload once (at most every 10 s), then retry.
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - lastReload < RELOAD_COOLDOWN_MS) throw error;
      lastReload = Date.now();
      reloading ??= options.reloadJwks().finally(() => (reloading = undefined));
      await reloading;
      syncKeys();
      payload = await check(token);
    }
    if (typeof payload.exp === 'number') {
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
      verified.set(token, payload as JWTPayload & { exp: number });
    }
    return payload;
  }

  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const match = header && header.length < 8192 ? /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header.trim()) : null;
    if (!match?.[1]) throw new ApiError('auth.unauthorized', { reason: 'a Bearer token is required' });
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]);
    } catch {
      throw new ApiError('auth.unauthorized');
    }
    if (!payload.sub) throw new ApiError('auth.jwt_sub_missing');
    // A token scoped to one organization (an organization resource token) never speaks for the
    // whole Management API, whatever its scopes: migration 0018 explains how one could carry `all`.
    if (payload.organization_id !== undefined) {
      throw new ApiError('auth.forbidden', { reason: 'an organization token cannot call the Management API' });
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!allowed(scopes, request)) throw new ApiError('auth.forbidden');
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    request.caller = { type: payload.sub === clientId ? 'app' : 'user', id: payload.sub, clientId };
  };
}
