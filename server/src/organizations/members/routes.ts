import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { PaginationQuery, optionalPage, requiredPage, setPageHeaders } from '../../platform/pagination.ts';
import { NoContent, errorResponses } from '../../platform/schemas.ts';
import { UserIdParams } from '../../users/schemas.ts';
import { OrganizationIdParams } from '../schemas.ts';
import {
  AddMembersBody,
  ListMembersQuery,
  MemberParams,
  MemberSchema,
  MembershipSchema,
  ReplaceMembersBody,
  UpdateMembershipBody,
  UserOrganizationSchema,
} from './schemas.ts';
import * as members from './service.ts';

const tags = ['Organization members'];

export async function memberRoutes(app: App, { db }: AppContext) {
  app.get(
    '/organizations/:id/users',
    {
      schema: {
        tags,
        summary: 'List the members of an organization',
        description:
          'Ordered by user id. `q` matches user id, email, phone, username and name; `organizationRoleId` keeps ' +
          'members holding that role; `status` keeps Active or Suspended memberships. An unknown organization has no members.',
        params: OrganizationIdParams,
        querystring: ListMembersQuery,
        response: { 200: Type.Array(MemberSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await members.listMembers(db, request.params.id, request.query, page);
      setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organizations/:id/users',
    {
      schema: {
        tags,
        summary: 'Add members to an organization',
        description: 'Idempotent. An unknown user or organization rejects the whole batch (422). The body is echoed.',
        params: OrganizationIdParams,
        body: AddMembersBody,
        response: { 201: AddMembersBody, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      request.membershipDelta = await members.addMembers(db, request.params.id, request.body.userIds);
      return reply.status(201).send({ userIds: request.body.userIds });
    },
  );

  app.put(
    '/organizations/:id/users',
    {
      schema: {
        tags,
        summary: 'Replace the members of an organization',
        description: 'Only departing members are removed and only newcomers added: members who stay keep their roles and status.',
        params: OrganizationIdParams,
        body: ReplaceMembersBody,
        response: { 204: NoContent, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      request.membershipDelta = await members.replaceMembers(db, request.params.id, request.body.userIds);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/organizations/:id/users/:userId',
    {
      schema: {
        tags,
        summary: 'Get a membership',
        description: 'Guildhall extension: the membership with its status, join date and roles.',
        params: MemberParams,
        response: { 200: MembershipSchema, ...errorResponses(404) },
      },
    },
    async (request) => members.getMembership(db, request.params.id, request.params.userId),
  );

  app.patch(
    '/organizations/:id/users/:userId',
    {
      schema: {
        tags,
        summary: 'Suspend or reactivate a membership',
        description: 'Guildhall extension. A suspended member keeps their roles but holds no organization permissions.',
        params: MemberParams,
        body: UpdateMembershipBody,
        response: { 200: MembershipSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => members.updateMembership(db, request.params.id, request.params.userId, request.body),
  );

  app.delete(
    '/organizations/:id/users/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member from an organization',
        description: "The member's roles in the organization go with the membership.",
        params: MemberParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await members.removeMember(db, request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:userId/organizations',
    {
      schema: {
        tags,
        summary: "List a user's organizations",
        description:
          'With the roles the user holds in each and the membership. Whole list without `page`/`page_size`; ' +
          'paginated (with `Total-Number`) when either is given.',
        params: UserIdParams,
        querystring: PaginationQuery,
        response: { 200: Type.Array(UserOrganizationSchema), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await members.listUserOrganizations(db, request.params.userId, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );
}
