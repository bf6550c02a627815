import type { App } from '../platform/http.ts';
import type { AppContext } from '../platform/context.ts';
import { accessControlRoutes } from '../applications/access-control/routes.ts';
import { applicationRoutes } from '../applications/routes.ts';
import { auditLogRoutes } from '../audit-log/routes.ts';
import { configRoutes } from '../configs/routes.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { userRoutes } from '../users/routes.ts';
import { organizationFeature } from '../organizations/routes.ts';
import { organizationTemplateRoutes } from '../organization-template/routes.ts';
import { resourceRoutes } from '../resources/routes.ts';
import { roleRoutes } from '../roles/routes.ts';

/**
 * Every Management API feature, mounted under /api behind the bearer-token check. A feature adds
 * itself here (one line) and keeps its routes in its own folder.
 */
export const managementFeatures: Array<(app: App, context: AppContext) => Promise<void>> = [
  userRoutes,
  applicationRoutes,
  accessControlRoutes,
  organizationFeature,
  organizationTemplateRoutes,
  resourceRoutes,
  roleRoutes,
  configRoutes,
  auditLogRoutes,
  webhookRoutes,
];
