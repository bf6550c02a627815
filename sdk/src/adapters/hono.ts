import type { MiddlewareHandler } from 'hono';
import { adapterSettings, authorizeRequest, organizationIdFrom, type RequireOrganizationScopesOptions } from '../http.ts';
import type { OrganizationAuth, OrganizationTokenVerifier } from '../verifier.ts';

/**
 * Context variables set by {@link requireOrganizationScopes}; use as `new Hono<OrganizationAuthEnv>()`.
 *
 * @example
 * ```ts
 * const app = new Hono<OrganizationAuthEnv>();
 * ```
 */
export type OrganizationAuthEnv = { Variables: { organizationAuth: OrganizationAuth } };

/**
 * Hono 4 middleware: requires an organization token for the route's organization carrying every
 * scope in `scopes`; answers 401/403 with `{ code, message }` otherwise, and sets
 * `c.get('organizationAuth')`.
 *
 * @example
 * ```ts
 * import { requireOrganizationScopes, type OrganizationAuthEnv } from '@guildhall/sdk/hono';
 *
 * const app = new Hono<OrganizationAuthEnv>();
 * app.post('/organizations/:organizationId/invitations', requireOrganizationScopes(verifier, 'invite:users'),
 *   (c) => c.json({ invitedBy: c.get('organizationAuth').subject }));
 * ```
 */
export function requireOrganizationScopes(
  verifier: OrganizationTokenVerifier,
  scopes: string | readonly string[],
  options?: RequireOrganizationScopesOptions,
): MiddlewareHandler<OrganizationAuthEnv> {
  const settings = adapterSettings(scopes, options);
  return async (c, next) => {
    const organizationId = organizationIdFrom(c.req.param(), settings.param);
    const result = await authorizeRequest(verifier, c.req.header('authorization'), organizationId, settings.scopes);
    if ('auth' in result) {
      c.set('organizationAuth', result.auth);
      return next();
    }
    return c.json(result.body, result.status, result.headers);
  };
}
