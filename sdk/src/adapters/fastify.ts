import type { preHandlerAsyncHookHandler } from 'fastify';
import { adapterSettings, authorizeRequest, organizationIdFrom, type RequireOrganizationScopesOptions } from '../http.ts';
import type { OrganizationAuth, OrganizationTokenVerifier } from '../verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by `requireOrganizationScopes`. */
    organizationAuth?: OrganizationAuth;
  }
}

/**
 * Fastify 5 `preHandler` hook: requires an organization token for the route's organization
 * carrying every scope in `scopes`; answers 401/403 with `{ code, message }` otherwise, and sets
 * `request.organizationAuth`.
 *
 * @example
 * ```ts
 * import { requireOrganizationScopes } from '@guildhall/sdk/fastify';
 *
 * app.post('/organizations/:organizationId/invitations',
 *   { preHandler: requireOrganizationScopes(verifier, 'invite:users') },
 *   async (request) => ({ invitedBy: request.organizationAuth!.subject }));
 * ```
 */
export function requireOrganizationScopes(
  verifier: OrganizationTokenVerifier,
  scopes: string | readonly string[],
  options?: RequireOrganizationScopesOptions,
): preHandlerAsyncHookHandler {
  const settings = adapterSettings(scopes, options);
  return async (request, reply) => {
    const params = request.params as Record<string, string> | undefined;
    const organizationId = organizationIdFrom(params, settings.param);
    const result = await authorizeRequest(verifier, request.headers.authorization, organizationId, settings.scopes);
    if ('auth' in result) {
      request.organizationAuth = result.auth;
      return;
    }
    return reply.code(result.status).headers(result.headers).send(result.body);
  };
}
