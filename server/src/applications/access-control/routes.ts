import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { errorResponses } from '../../platform/schemas.ts';
import { AccessControlParams, AccessControlSchema } from './schemas.ts';
import * as accessControl from './service.ts';

const tags = ['Application access control'];
const path = '/applications/:applicationId/access-control';

export async function accessControlRoutes(app: App, { db }: AppContext) {
  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'Who may sign in to an application',
        description: 'All lists empty: anyone may (the default).',
        params: AccessControlParams,
        response: { 200: AccessControlSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => accessControl.getAccessControl(db, request.params.applicationId),
  );

  app.put(
    path,
    {
      schema: {
        tags,
        summary: 'Replace who may sign in to an application',
        description:
          'A person may sign in when listed, when holding a listed global role, when an active member of a listed organization, ' +
          'or when an active member holding a listed organization role in that organization. All lists empty: anyone may. ' +
          'Checked at every authorization and refresh, so the next refresh of someone who no longer qualifies fails ' +
          '(`access_denied`). Unknown ids: 404 `entity.not_exists`; roles not of type User: 422 ' +
          '`application.access_control_role_type`; a rule without roles: 422 `application.access_control_empty_role_rule`; the Console’s own application: 422 `application.protected`.',
        params: AccessControlParams,
        body: AccessControlSchema,
        response: { 200: AccessControlSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => accessControl.replaceAccessControl(db, request.params.applicationId, request.body),
  );
}
