import { Type } from 'typebox';
import type { App } from '../platform/http.ts';
import type { AppContext } from '../platform/context.ts';
import { requiredPage, setPageHeaders } from '../platform/pagination.ts';
import { NoContent, errorResponses } from '../platform/schemas.ts';
import {
  ApplicationIdParams,
  ApplicationSchema,
  ApplicationWithSecretSchema,
  CreateApplicationBody,
  ListApplicationsQuery,
  SecretSchema,
  UpdateApplicationBody,
} from './schemas.ts';
import * as applications from './service.ts';

const tags = ['Applications'];

export async function applicationRoutes(app: App, { db }: AppContext) {
  app.get(
    '/applications',
    {
      schema: {
        tags,
        summary: 'List applications',
        querystring: ListApplicationsQuery,
        response: { 200: Type.Array(ApplicationSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await applications.listApplications(db, request.query, page);
      setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/applications',
    {
      schema: {
        tags,
        summary: 'Create an application',
        description: 'The response carries the client secret; it is not shown again except through `GET …/secrets`.',
        body: CreateApplicationBody,
        response: { 200: ApplicationWithSecretSchema, ...errorResponses(400, 422) },
      },
    },
    async (request) => applications.createApplication(db, request.body),
  );

  app.get(
    '/applications/:applicationId',
    {
      schema: {
        tags,
        summary: 'Get an application',
        params: ApplicationIdParams,
        response: { 200: ApplicationSchema, ...errorResponses(404) },
      },
    },
    async (request) => applications.getApplication(db, request.params.applicationId),
  );

  app.patch(
    '/applications/:applicationId',
    {
      schema: {
        tags,
        summary: 'Update an application',
        params: ApplicationIdParams,
        body: UpdateApplicationBody,
        response: { 200: ApplicationSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => applications.updateApplication(db, request.params.applicationId, request.body),
  );

  app.delete(
    '/applications/:applicationId',
    {
      schema: {
        tags,
        summary: 'Delete an application',
        params: ApplicationIdParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await applications.deleteApplication(db, request.params.applicationId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/applications/:applicationId/secrets',
    {
      // A secret gives its application's access: not for the read-only scope.
      config: { fullAccessOnly: true },
      schema: {
        tags,
        summary: "Read an application's client secrets",
        description: 'The explicit way to read a secret after creation. Public clients (SPA, Native) have none.',
        params: ApplicationIdParams,
        response: { 200: Type.Array(SecretSchema), ...errorResponses(404) },
      },
    },
    async (request) => applications.listSecrets(db, request.params.applicationId),
  );

  app.post(
    '/applications/:applicationId/secrets',
    {
      schema: {
        tags,
        summary: 'Replace the client secret',
        description: 'Generates a new secret and returns the application with it; the old secret stops working at once.',
        params: ApplicationIdParams,
        response: { 201: ApplicationWithSecretSchema, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await applications.regenerateSecret(db, request.params.applicationId)),
  );
}
