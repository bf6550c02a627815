import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../platform/errors.ts';
import { MANAGEMENT_API_SCOPE } from './constants.ts';

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
}

export interface ManagementAuthOptions {
  issuer: string;
  audience: string;
  /** The currently published public keys; called again when a token names an unknown key. */
  getJwks: () => { keys: object[] };
  reloadJwks: () => Promise<void>;
}

/** Asymmetric algorithms only: `none` and HMAC are never accepted. */
const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'RS256', 'PS256'];

/**
 * Verifies the Management API bearer token: signature against Guildhall's own keys, issuer,
 * audience (the Management API indicator), expiry, and the `all` scope.
 * Failures: 401 `auth.unauthorized`, 401 `auth.jwt_sub_missing`, 403 `auth.forbidden`.
 */
export function createManagementAuth(options: ManagementAuthOptions) {
  let keySet = createLocalJWKSet(options.getJwks() as never);
  let reloading: Promise<void> | undefined;
  let lastReload = 0;

  async function verify(token: string): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, keySet, { issuer: options.issuer, audience: options.audience, algorithms: ALGORITHMS }))
        .payload;
    } catch (error) {
      // A key rotated on another node: reload once (at most every 10 s), then retry.
      if (error instanceof joseErrors.JWKSNoMatchingKey && Date.now() - lastReload > 10_000) {
        lastReload = Date.now();
        reloading ??= options.reloadJwks().finally(() => (reloading = undefined));
        await reloading;
        keySet = createLocalJWKSet(options.getJwks() as never);
        return (await jwtVerify(token, keySet, { issuer: options.issuer, audience: options.audience, algorithms: ALGORITHMS }))
          .payload;
      }
      throw error;
    }
  }

  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header.trim()) : null;
    if (!match?.[1]) throw new ApiError('auth.unauthorized', { reason: 'a Bearer token is required' });
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]);
    } catch {
      throw new ApiError('auth.unauthorized');
    }
    if (!payload.sub) throw new ApiError('auth.jwt_sub_missing');
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes(MANAGEMENT_API_SCOPE)) throw new ApiError('auth.forbidden');
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    request.caller = { type: payload.sub === clientId ? 'app' : 'user', id: payload.sub, clientId };
  };
}
