import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { requiredPage, setPageHeaders } from '../platform/pagination.ts';
import { IdParams, NoContent, errorResponses } from '../platform/schemas.ts';
import { ResourceScopeSchema } from '../resources/schemas.ts';
import { relationRoutes } from '../platform/relation-routes.ts';
import {
  CreateOrganizationRoleBody,
  ListOrganizationRolesQuery,
  OrganizationRoleSchema,
  OrganizationRoleWithScopesSchema,
  OrganizationScopeSchema,
  UpdateOrganizationRoleBody,
} from './schemas.ts';
import * as template from './service.ts';

const tags = ['Organization roles'];

export async function organizationRoleRoutes(app: App, { db }: AppContext) {
  app.get(
    '/organization-roles',
    {
      schema: {
        tags,
        summary: 'List organization roles',
        description: 'Ordered by name, each with its scopes and API resource scopes. `q` matches id, name and description.',
        querystring: ListOrganizationRolesQuery,
        response: { 200: Type.Array(OrganizationRoleWithScopesSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await template.listOrganizationRoles(db, request.query.q, page);
      setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organization-roles',
    {
      schema: {
        tags,
        summary: 'Create an organization role',
        description:
          'With its initial `organizationScopeIds` and `resourceScopeIds`, in one transaction: an unknown id creates nothing.',
        body: CreateOrganizationRoleBody,
        response: { 201: OrganizationRoleSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await template.createOrganizationRole(db, request.body)),
  );

  app.get(
    '/organization-roles/:id',
    {
      schema: {
        tags,
        summary: 'Get an organization role',
        params: IdParams,
        response: { 200: OrganizationRoleSchema, ...errorResponses(404) },
      },
    },
    async (request) => template.getOrganizationRole(db, request.params.id),
  );

  app.patch(
    '/organization-roles/:id',
    {
      schema: {
        tags,
        summary: 'Update an organization role',
        description: 'The `type` cannot change while the role is assigned to members or applications (422).',
        params: IdParams,
        body: UpdateOrganizationRoleBody,
        response: { 200: OrganizationRoleSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => template.updateOrganizationRole(db, request.params.id, request.body),
  );

  app.delete(
    '/organization-roles/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organization role',
        description: 'Removes it from every member and application of every organization.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await template.deleteOrganizationRole(db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  relationRoutes(app, {
    tags,
    parentPath: '/organization-roles',
    parentParam: 'id',
    path: 'scopes',
    bodyKey: 'organizationScopeIds',
    childParam: 'organizationScopeId',
    item: OrganizationScopeSchema,
    pagination: 'optional',
    noun: { items: 'organization scopes', parent: 'an organization role' },
    service: template.roleScopes(db),
  });

  relationRoutes(app, {
    tags,
    parentPath: '/organization-roles',
    parentParam: 'id',
    path: 'resource-scopes',
    bodyKey: 'scopeIds',
    childParam: 'scopeId',
    item: ResourceScopeSchema,
    pagination: 'optional',
    noun: { items: 'API resource scopes', parent: 'an organization role' },
    service: template.roleResourceScopes(db),
  });
}
