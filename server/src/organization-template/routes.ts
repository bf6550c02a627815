import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { organizationRoleRoutes } from './role-routes.ts';
import { organizationScopeRoutes } from './scope-routes.ts';

/** The organization template: its scopes (permissions) and roles. */
export async function organizationTemplateRoutes(app: App, context: AppContext) {
  await organizationScopeRoutes(app, context);
  await organizationRoleRoutes(app, context);
}
