import type { Middleware } from 'koa';
import { adapterSettings, authorizeRequest, organizationIdFrom, type RequireOrganizationScopesOptions } from '../http.ts';
import type { OrganizationAuth, OrganizationTokenVerifier } from '../verifier.ts';

/**
 * Koa 3 middleware (for `@koa/router` routes): requires an organization token for the route's
 * organization carrying every scope in `scopes`; answers 401/403 with `{ code, message }`
 * otherwise, and sets `ctx.state.organizationAuth`.
 *
 * @example
 * ```ts
 * import { requireOrganizationScopes } from '@guildhall/sdk/koa';
 *
 * router.post('/organizations/:organizationId/invitations', requireOrganizationScopes(verifier, 'invite:users'),
 *   (ctx) => { ctx.body = { invitedBy: ctx.state.organizationAuth.subject }; });
 * ```
 */
export function requireOrganizationScopes(
  verifier: OrganizationTokenVerifier,
  scopes: string | readonly string[],
  options?: RequireOrganizationScopesOptions,
): Middleware<{ organizationAuth: OrganizationAuth }> {
  const settings = adapterSettings(scopes, options);
  return async (ctx, next) => {
    const params = (ctx as { params?: Record<string, string> }).params;
    const organizationId = organizationIdFrom(params, settings.param);
    const result = await authorizeRequest(verifier, ctx.get('authorization'), organizationId, settings.scopes);
    if ('auth' in result) {
      ctx.state.organizationAuth = result.auth;
      return next();
    }
    ctx.status = result.status;
    ctx.set(result.headers);
    ctx.body = result.body;
  };
}
