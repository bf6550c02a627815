import type { RequestHandler } from 'express';
import { adapterSettings, authorizeRequest, organizationIdFrom, type RequireOrganizationScopesOptions } from '../http.ts';
import type { OrganizationAuth, OrganizationTokenVerifier } from '../verifier.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified caller, set by `requireOrganizationScopes`. */
      organizationAuth?: OrganizationAuth;
    }
  }
}

/**
 * Express 5 middleware: requires an organization token for the route's organization carrying
 * every scope in `scopes`; answers 401/403 with `{ code, message }` otherwise, and sets
 * `req.organizationAuth`.
 *
 * @example
 * ```ts
 * import { requireOrganizationScopes } from '@guildhall/sdk/express';
 *
 * app.post('/organizations/:organizationId/invitations', requireOrganizationScopes(verifier, 'invite:users'),
 *   (req, res) => { res.json({ invitedBy: req.organizationAuth!.subject }); });
 * ```
 */
export function requireOrganizationScopes(
  verifier: OrganizationTokenVerifier,
  scopes: string | readonly string[],
  options?: RequireOrganizationScopesOptions,
): RequestHandler {
  const settings = adapterSettings(scopes, options);
  return async (req, res, next) => {
    const organizationId = organizationIdFrom(req.params, settings.param);
    const result = await authorizeRequest(verifier, req.headers.authorization, organizationId, settings.scopes);
    if ('auth' in result) {
      req.organizationAuth = result.auth;
      return next();
    }
    res.status(result.status).set(result.headers).json(result.body);
  };
}
