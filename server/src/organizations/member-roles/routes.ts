import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { PaginationQuery, optionalPage, setPageHeaders } from '../../platform/pagination.ts';
import { NoContent, errorResponses } from '../../platform/schemas.ts';
import { MemberParams } from '../members/schemas.ts';
import { Created, OrganizationIdParams, OrganizationRoleSchema, OrganizationScopeSchema } from '../schemas.ts';
import { BulkUserRolesBody, MemberRoleParams, MemberRolesBody, MemberRolesResponse } from './schemas.ts';
import * as memberRoles from './service.ts';

const tags = ['Organization members'];

export async function memberRoleRoutes(app: App, { db }: AppContext) {
  app.post(
    '/organizations/:id/users/roles',
    {
      schema: {
        tags,
        summary: 'Give roles to members',
        description: 'Every role to every user; idempotent. A non-member is 422, as is a MachineToMachine role.',
        params: OrganizationIdParams,
        body: BulkUserRolesBody,
        response: { 201: Created, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      await memberRoles.addRolesToUsers(db, request.params.id, request.body.userIds, request.body.organizationRoleIds);
      return reply.status(201).send();
    },
  );

  app.get(
    '/organizations/:id/users/:userId/roles',
    {
      schema: {
        tags,
        summary: "List a member's roles",
        description: 'By name. Whole list without `page`/`page_size`.',
        params: MemberParams,
        querystring: PaginationQuery,
        response: { 200: Type.Array(OrganizationRoleSchema), ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await memberRoles.listUserRoles(db, request.params.id, request.params.userId, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organizations/:id/users/:userId/roles',
    {
      schema: {
        tags,
        summary: 'Give roles to a member',
        description: 'By id and/or name; answers the resolved ids. Idempotent.',
        params: MemberParams,
        body: MemberRolesBody,
        response: { 201: MemberRolesResponse, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await memberRoles.addUserRoles(db, request.params.id, request.params.userId, request.body)),
  );

  app.put(
    '/organizations/:id/users/:userId/roles',
    {
      schema: {
        tags,
        summary: "Replace a member's roles",
        params: MemberParams,
        body: MemberRolesBody,
        response: { 204: NoContent, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      await memberRoles.replaceUserRoles(db, request.params.id, request.params.userId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/organizations/:id/users/:userId/roles/:organizationRoleId',
    {
      schema: {
        tags,
        summary: 'Take a role from a member',
        params: MemberRoleParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const { id, userId, organizationRoleId } = request.params;
      await memberRoles.removeUserRole(db, id, userId, organizationRoleId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/organizations/:id/users/:userId/scopes',
    {
      schema: {
        tags,
        summary: "A member's organization permissions",
        description: "Distinct permissions of the member's roles. Empty for a non-member and for a suspended member.",
        params: MemberParams,
        response: { 200: Type.Array(OrganizationScopeSchema), ...errorResponses(400) },
      },
    },
    async (request) => memberRoles.listMemberScopes(db, request.params.id, request.params.userId),
  );
}
