import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { requiredPage, setPageHeaders } from '../platform/pagination.ts';
import { IdParams, NoContent, errorResponses } from '../platform/schemas.ts';
import { ApplicationSchema } from '../applications/schemas.ts';
import { relationRoutes } from '../platform/relation-routes.ts';
import { ResourceScopeSchema } from '../resources/schemas.ts';
import { UserSchema } from '../users/schemas.ts';
import { CreateRoleBody, ListRolesQuery, RoleSchema, RoleWithCountsSchema, UpdateRoleBody } from './schemas.ts';
import * as roles from './service.ts';

const tags = ['Roles'];

/** Global roles (RBAC over API resources), their scopes, users and applications. */
export async function roleRoutes(app: App, { db }: AppContext) {
  app.get(
    '/roles',
    {
      schema: {
        tags,
        summary: 'List roles',
        description: 'By name. `search` matches id, name and description; filter by `type`, or exclude a user’s or app’s roles.',
        querystring: ListRolesQuery,
        response: { 200: Type.Array(RoleWithCountsSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await roles.listRoles(db, request.query, page);
      setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/roles',
    {
      schema: {
        tags,
        summary: 'Create a role',
        description: 'With its initial `scopeIds`, in one transaction. A taken name answers 422 `role.name_in_use`.',
        body: CreateRoleBody,
        response: { 200: RoleSchema, ...errorResponses(400, 422) },
      },
    },
    async (request) => roles.createRole(db, request.body),
  );

  app.get(
    '/roles/:id',
    { schema: { tags, summary: 'Get a role', params: IdParams, response: { 200: RoleSchema, ...errorResponses(404) } } },
    async (request) => roles.getRole(db, request.params.id),
  );

  app.patch(
    '/roles/:id',
    {
      schema: {
        tags,
        summary: 'Update a role',
        description: 'The `type` cannot change while the role is assigned (422 `role.type_in_use`), nor for built-in roles.',
        params: IdParams,
        body: UpdateRoleBody,
        response: { 200: RoleSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => roles.updateRole(db, request.params.id, request.body),
  );

  app.delete(
    '/roles/:id',
    {
      schema: {
        tags,
        summary: 'Delete a role',
        description: 'Built-in roles (`management-api-m2m`, `admin`) cannot be deleted (422 `role.protected`).',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await roles.deleteRole(db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  relationRoutes(app, {
    tags,
    parentPath: '/roles',
    parentParam: 'id',
    path: 'scopes',
    bodyKey: 'scopeIds',
    childParam: 'scopeId',
    item: ResourceScopeSchema,
    pagination: 'required',
    noun: { items: 'API scopes', parent: 'a role' },
    service: roles.roleScopes(db),
  });

  relationRoutes(app, {
    tags,
    parentPath: '/roles',
    parentParam: 'id',
    path: 'users',
    bodyKey: 'userIds',
    childParam: 'userId',
    item: UserSchema,
    pagination: 'required',
    noun: { items: 'users', parent: 'a role (User roles only)' },
    service: roles.roleUsers(db),
  });

  relationRoutes(app, {
    tags,
    parentPath: '/roles',
    parentParam: 'id',
    path: 'applications',
    bodyKey: 'applicationIds',
    childParam: 'applicationId',
    item: ApplicationSchema,
    pagination: 'required',
    noun: { items: 'machine-to-machine applications', parent: 'a role (MachineToMachine roles only)' },
    service: roles.roleApplications(db),
  });

  relationRoutes(app, {
    tags: ['Users'],
    parentPath: '/users',
    parentParam: 'userId',
    path: 'roles',
    bodyKey: 'roleIds',
    childParam: 'roleId',
    item: RoleSchema,
    pagination: 'required',
    noun: { items: 'roles', parent: 'a user' },
    service: roles.userRoles(db),
  });

  relationRoutes(app, {
    tags: ['Applications'],
    parentPath: '/applications',
    parentParam: 'applicationId',
    path: 'roles',
    bodyKey: 'roleIds',
    childParam: 'roleId',
    item: RoleSchema,
    pagination: 'required',
    noun: { items: 'roles', parent: 'a machine-to-machine application' },
    service: roles.applicationRoles(db),
  });
}
