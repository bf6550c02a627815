import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { optionalPage, setPageHeaders } from '../platform/pagination.ts';
import { IdParams, NoContent, errorResponses } from '../platform/schemas.ts';
import {
  CreateOrganizationScopeBody,
  ListOrganizationScopesQuery,
  OrganizationScopeSchema,
  UpdateOrganizationScopeBody,
} from './schemas.ts';
import * as template from './service.ts';

const tags = ['Organization scopes'];

export async function organizationScopeRoutes(app: App, { db }: AppContext) {
  app.get(
    '/organization-scopes',
    {
      schema: {
        tags,
        summary: 'List organization scopes (permissions)',
        description: 'Ordered by name. `q` matches the name. Without `page` or `page_size`, the whole list.',
        querystring: ListOrganizationScopesQuery,
        response: { 200: Type.Array(OrganizationScopeSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await template.listOrganizationScopes(db, request.query.q, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organization-scopes',
    {
      schema: {
        tags,
        summary: 'Create an organization scope',
        body: CreateOrganizationScopeBody,
        response: { 201: OrganizationScopeSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await template.createOrganizationScope(db, request.body)),
  );

  app.get(
    '/organization-scopes/:id',
    {
      schema: {
        tags,
        summary: 'Get an organization scope',
        params: IdParams,
        response: { 200: OrganizationScopeSchema, ...errorResponses(404) },
      },
    },
    async (request) => template.getOrganizationScope(db, request.params.id),
  );

  app.patch(
    '/organization-scopes/:id',
    {
      schema: {
        tags,
        summary: 'Update an organization scope',
        params: IdParams,
        body: UpdateOrganizationScopeBody,
        response: { 200: OrganizationScopeSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => template.updateOrganizationScope(db, request.params.id, request.body),
  );

  app.delete(
    '/organization-scopes/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organization scope',
        description: 'Allowed while roles use it: they lose it.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await template.deleteOrganizationScope(db, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
