import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { optionalPage, setPageHeaders } from '../platform/pagination.ts';
import { IdParams, NoContent, errorResponses } from '../platform/schemas.ts';
import {
  CreateResourceBody,
  CreateResourceScopeBody,
  ListResourceScopesQuery,
  ListResourcesQuery,
  ResourceIdParams,
  ResourceSchema,
  ResourceScopeParams,
  ResourceScopeSchema,
  ResourceWithScopesSchema,
  UpdateResourceBody,
  UpdateResourceScopeBody,
} from './schemas.ts';
import * as resources from './service.ts';

const tags = ['Resources'];
const TRUTHY = new Set(['1', 'true', 'yes']);

export async function resourceRoutes(app: App, { db }: AppContext) {
  app.get(
    '/resources',
    {
      schema: {
        tags,
        summary: 'List API resources',
        description:
          'Oldest first. Without `page` or `page_size`, the whole list. `includeScopes=true` adds each resource’s scopes.',
        querystring: ListResourcesQuery,
        response: {
          200: Type.Array(Type.Object({ ...ResourceSchema.properties, scopes: Type.Optional(Type.Array(ResourceScopeSchema)) })),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const includeScopes = TRUTHY.has(request.query.includeScopes?.toLowerCase() ?? '');
      const { rows, total } = await resources.listResources(db, page, includeScopes);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/resources',
    {
      schema: {
        tags,
        summary: 'Create an API resource',
        description: 'The indicator is an absolute URI without a fragment (RFC 8707 §2), unique.',
        body: CreateResourceBody,
        response: { 201: ResourceWithScopesSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await resources.createResource(db, request.body)),
  );

  app.get(
    '/resources/:id',
    {
      schema: { tags, summary: 'Get an API resource', params: IdParams, response: { 200: ResourceSchema, ...errorResponses(404) } },
    },
    async (request) => resources.getResource(db, request.params.id),
  );

  app.patch(
    '/resources/:id',
    {
      schema: {
        tags,
        summary: 'Update an API resource',
        description: 'The Management API’s indicator cannot change (422 `resource.protected`).',
        params: IdParams,
        body: UpdateResourceBody,
        response: { 200: ResourceSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => resources.updateResource(db, request.params.id, request.body),
  );

  app.patch(
    '/resources/:id/is-default',
    {
      schema: {
        tags,
        summary: 'Set or unset the default API resource',
        params: IdParams,
        body: Type.Object({ isDefault: Type.Boolean() }),
        response: { 200: ResourceSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => resources.updateResource(db, request.params.id, { isDefault: request.body.isDefault }),
  );

  app.delete(
    '/resources/:id',
    {
      schema: {
        tags,
        summary: 'Delete an API resource',
        description: 'Its scopes are deleted and removed from every role and organization role. The Management API cannot be deleted.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await resources.deleteResource(db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/resources/:resourceId/scopes',
    {
      schema: {
        tags,
        summary: 'List the scopes of an API resource',
        description: 'By name. `q` matches name and description. Without `page` or `page_size`, the whole list.',
        params: ResourceIdParams,
        querystring: ListResourceScopesQuery,
        response: { 200: Type.Array(ResourceScopeSchema), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await resources.listScopes(db, request.params.resourceId, request.query.q, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/resources/:resourceId/scopes',
    {
      schema: {
        tags,
        summary: 'Create a scope of an API resource',
        description: 'Names are unique per resource (422 `scope.name_exists`).',
        params: ResourceIdParams,
        body: CreateResourceScopeBody,
        response: { 201: ResourceScopeSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await resources.createScope(db, request.params.resourceId, request.body)),
  );

  app.get(
    '/resources/:resourceId/scopes/:scopeId',
    {
      schema: {
        tags,
        summary: 'Get a scope of an API resource',
        params: ResourceScopeParams,
        response: { 200: ResourceScopeSchema, ...errorResponses(404) },
      },
    },
    async (request) => resources.getScope(db, request.params.resourceId, request.params.scopeId),
  );

  app.patch(
    '/resources/:resourceId/scopes/:scopeId',
    {
      schema: {
        tags,
        summary: 'Update a scope of an API resource',
        params: ResourceScopeParams,
        body: UpdateResourceScopeBody,
        response: { 200: ResourceScopeSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => resources.updateScope(db, request.params.resourceId, request.params.scopeId, request.body),
  );

  app.delete(
    '/resources/:resourceId/scopes/:scopeId',
    {
      schema: {
        tags,
        summary: 'Delete a scope of an API resource',
        description: 'Roles and organization roles that granted it lose it.',
        params: ResourceScopeParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await resources.deleteScope(db, request.params.resourceId, request.params.scopeId);
      return reply.status(204).send(null);
    },
  );
}
