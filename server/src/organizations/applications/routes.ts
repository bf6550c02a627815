import { Type } from 'typebox';
import { ApplicationIdParams } from '../../applications/schemas.ts';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { PaginationQuery, optionalPage, requiredPage, setPageHeaders } from '../../platform/pagination.ts';
import { NoContent, errorResponses } from '../../platform/schemas.ts';
import { Created, OrganizationIdParams, OrganizationRoleSchema, OrganizationWithRolesSchema } from '../schemas.ts';
import {
  AddApplicationsBody,
  ApplicationRolesBody,
  BulkApplicationRolesBody,
  ListOrganizationApplicationsQuery,
  OrganizationApplicationParams,
  OrganizationApplicationRoleParams,
  OrganizationApplicationSchema,
  ReplaceApplicationsBody,
} from './schemas.ts';
import * as applications from './service.ts';

const tags = ['Organization applications'];

export async function applicationRoutes(app: App, { db }: AppContext) {
  app.get(
    '/organizations/:id/applications',
    {
      schema: {
        tags,
        summary: "List an organization's applications",
        description: 'Ordered by application id. `q` matches id, name and description.',
        params: OrganizationIdParams,
        querystring: ListOrganizationApplicationsQuery,
        response: { 200: Type.Array(OrganizationApplicationSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await applications.listApplications(db, request.params.id, request.query.q, page);
      setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organizations/:id/applications',
    {
      schema: {
        tags,
        summary: 'Add machine-to-machine applications to an organization',
        description: 'Idempotent. Another application type, or an unknown id, rejects the whole batch (422).',
        params: OrganizationIdParams,
        body: AddApplicationsBody,
        response: { 201: Created, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      request.membershipDelta = await applications.addApplications(db, request.params.id, request.body.applicationIds);
      return reply.status(201).send();
    },
  );

  app.put(
    '/organizations/:id/applications',
    {
      schema: {
        tags,
        summary: "Replace an organization's applications",
        description: 'Applications that stay keep their roles.',
        params: OrganizationIdParams,
        body: ReplaceApplicationsBody,
        response: { 204: NoContent, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      request.membershipDelta = await applications.replaceApplications(db, request.params.id, request.body.applicationIds);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/organizations/:id/applications/:applicationId',
    {
      schema: {
        tags,
        summary: 'Remove an application from an organization',
        params: OrganizationApplicationParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await applications.removeApplication(db, request.params.id, request.params.applicationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/organizations/:id/applications/roles',
    {
      schema: {
        tags,
        summary: 'Give roles to applications of an organization',
        description: 'Every role to every application; idempotent. A non-member or a User role is 422.',
        params: OrganizationIdParams,
        body: BulkApplicationRolesBody,
        response: { 201: Created, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const { applicationIds, organizationRoleIds } = request.body;
      await applications.addRolesToApplications(db, request.params.id, applicationIds, organizationRoleIds);
      return reply.status(201).send();
    },
  );

  app.get(
    '/organizations/:id/applications/:applicationId/roles',
    {
      schema: {
        tags,
        summary: "List an application's roles in an organization",
        params: OrganizationApplicationParams,
        querystring: PaginationQuery,
        response: { 200: Type.Array(OrganizationRoleSchema), ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { id, applicationId } = request.params;
      const { rows, total } = await applications.listApplicationRoles(db, id, applicationId, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organizations/:id/applications/:applicationId/roles',
    {
      schema: {
        tags,
        summary: 'Give roles to an application in an organization',
        params: OrganizationApplicationParams,
        body: ApplicationRolesBody,
        response: { 201: Created, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const { id, applicationId } = request.params;
      await applications.addApplicationRoles(db, id, applicationId, request.body.organizationRoleIds);
      return reply.status(201).send();
    },
  );

  app.put(
    '/organizations/:id/applications/:applicationId/roles',
    {
      schema: {
        tags,
        summary: "Replace an application's roles in an organization",
        params: OrganizationApplicationParams,
        body: ApplicationRolesBody,
        response: { 204: NoContent, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const { id, applicationId } = request.params;
      await applications.replaceApplicationRoles(db, id, applicationId, request.body.organizationRoleIds);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/organizations/:id/applications/:applicationId/roles/:organizationRoleId',
    {
      schema: {
        tags,
        summary: 'Take a role from an application in an organization',
        params: OrganizationApplicationRoleParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const { id, applicationId, organizationRoleId } = request.params;
      await applications.removeApplicationRole(db, id, applicationId, organizationRoleId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/applications/:applicationId/organizations',
    {
      schema: {
        tags,
        summary: "List an application's organizations",
        description: 'With its roles in each. Whole list without `page`/`page_size`.',
        params: ApplicationIdParams,
        querystring: PaginationQuery,
        response: { 200: Type.Array(OrganizationWithRolesSchema), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await applications.listApplicationOrganizations(db, request.params.applicationId, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );
}
