import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { requiredPage, setListHeaders } from '../platform/pagination.ts';
import { NoContent, errorResponses } from '../platform/schemas.ts';
import { consentRoutes, consentScopeRoutes } from './consents/routes.ts';
import { applicationRoutes } from './applications/routes.ts';
import { invitationRoutes } from './invitations/routes.ts';
import { jitRoutes } from './jit/routes.ts';
import { memberRoleRoutes } from './member-roles/routes.ts';
import { memberRoutes } from './members/routes.ts';
import {
  CreateOrganizationBody,
  ListOrganizationsQuery,
  OrganizationIdParams,
  OrganizationListItemSchema,
  OrganizationSchema,
  UpdateOrganizationBody,
} from './schemas.ts';
import * as organizations from './service.ts';

export const tags = ['Organizations'];

/** `/api/organizations` and everything under it, plus the user's and application's views. */
export async function organizationFeature(app: App, context: AppContext) {
  await organizationRoutes(app, context);
  await memberRoutes(app, context);
  await memberRoleRoutes(app, context);
  await applicationRoutes(app, context);
  await consentRoutes(app, context);
  await consentScopeRoutes(app, context);
  await invitationRoutes(app, context);
  await jitRoutes(app, context);
}

async function organizationRoutes(app: App, { db }: AppContext) {
  app.get(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'List organizations',
        description:
          'Newest first (`createdAt desc, id desc`). `q` matches id and name (case-insensitive substring). ' +
          '`showFeatured` adds `usersCount` and up to three `featuredUsers`. Paginated by `page` and `page_size` ' +
          '(`Total-Number` and `Link` headers), or, to walk a long list, by key: `before=<organization id>` (usually the ' +
          "last of the previous page) lists the organizations after that one in this order, at the same cost at any depth and " +
          'without shifting when organizations are created meanwhile (no `Total-Number`; `Link` has `next` while pages are full).',
        querystring: ListOrganizationsQuery,
        response: { 200: Type.Array(OrganizationListItemSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await organizations.listOrganizations(db, request.query, page);
      setListHeaders(request, reply, page, { rows, total });
      return rows;
    },
  );

  app.post(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organization',
        body: CreateOrganizationBody,
        response: { 201: OrganizationSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await organizations.createOrganization(db, request.body)),
  );

  app.get(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Get an organization',
        params: OrganizationIdParams,
        response: { 200: OrganizationSchema, ...errorResponses(404) },
      },
    },
    async (request) => organizations.getOrganization(db, request.params.id),
  );

  app.patch(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Update an organization',
        description: 'JSON fields (`customData`, `color`, `branding`) are replaced, not merged.',
        params: OrganizationIdParams,
        body: UpdateOrganizationBody,
        response: { 200: OrganizationSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => organizations.updateOrganization(db, request.params.id, request.body),
  );

  app.delete(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organization',
        description: 'Its memberships, member roles and application links are deleted with it.',
        params: OrganizationIdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await organizations.deleteOrganization(db, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
