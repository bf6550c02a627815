import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { PaginationQuery, optionalPage, setPageHeaders } from '../../platform/pagination.ts';
import { NoContent, errorResponses } from '../../platform/schemas.ts';
import { Created } from '../schemas.ts';
import {
  AddConsentOrganizationsBody,
  AssignUserConsentScopesBody,
  ConsentOrganizationParams,
  ConsentScopeParams,
  ConsentScopesParams,
  UserConsentScopesSchema,
  ConsentOrganizationsSchema,
  ConsentParams,
  ReplaceConsentOrganizationsBody,
} from './schemas.ts';
import * as consents from './service.ts';

const tags = ['Application user consent organizations'];
const path = '/applications/:id/users/:userId/consent-organizations';
const thirdPartyOnly = 'Third-party applications only (422 `application.third_party_application_only` otherwise).';

export async function consentRoutes(app: App, { db }: AppContext) {
  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'List the organizations a user granted to a third-party application',
        description: `Newest first; whole list without \`page\`/\`page_size\`. ${thirdPartyOnly}`,
        params: ConsentParams,
        querystring: PaginationQuery,
        response: { 200: ConsentOrganizationsSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { organizations, total } = await consents.listConsentedOrganizations(db, request.params.id, request.params.userId, page);
      if (page) setPageHeaders(request, reply, page, total);
      return { organizations };
    },
  );

  app.post(
    path,
    {
      schema: {
        tags,
        summary: 'Grant organizations to a third-party application for a user',
        description: `Idempotent. The user must be a member of every organization (422 \`organization.require_membership\`). ${thirdPartyOnly}`,
        params: ConsentParams,
        body: AddConsentOrganizationsBody,
        response: { 201: Created, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      await consents.grantOrganizations(db, request.params.id, request.params.userId, request.body.organizationIds);
      return reply.status(201).send();
    },
  );

  app.put(
    path,
    {
      schema: {
        tags,
        summary: 'Replace the organizations a user granted to a third-party application',
        description: `An empty list withdraws every consent. ${thirdPartyOnly}`,
        params: ConsentParams,
        body: ReplaceConsentOrganizationsBody,
        response: { 204: NoContent, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      await consents.replaceOrganizations(db, request.params.id, request.params.userId, request.body.organizationIds);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    `${path}/:organizationId`,
    {
      schema: {
        tags,
        summary: "Withdraw a user's consent to one organization for a third-party application",
        description: 'Its organization tokens stop at once; tokens already issued stay valid until they expire.',
        params: ConsentOrganizationParams,
        response: { 204: NoContent, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await consents.withdrawOrganization(db, request.params.id, request.params.userId, request.params.organizationId);
      return reply.status(204).send(null);
    },
  );
}

const scopeTags = ['Application user consent scopes'];
const scopesPath = '/applications/:applicationId/user-consent-scopes';

/** What a third-party application may ask users for (reference §2.9). */
export async function consentScopeRoutes(app: App, { db }: AppContext) {
  app.get(
    scopesPath,
    {
      schema: {
        tags: scopeTags,
        summary: 'List what a third-party application may ask users for',
        description:
          'Organization permissions, API permissions (for tokens without and with an organization) and user scopes. ' +
          'The consent page offers only these; the token endpoint holds organization and API permissions to them at every token. ' +
          thirdPartyOnly,
        params: ConsentScopesParams,
        response: { 200: UserConsentScopesSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => consents.listConsentScopes(db, request.params.applicationId),
  );

  app.post(
    scopesPath,
    {
      schema: {
        tags: scopeTags,
        summary: 'Let a third-party application ask users for more scopes',
        description:
          'Adds to what is there (idempotent), in one transaction: an unknown organization permission or API permission ' +
          `adds nothing (422 \`entity.relation_foreign_key_not_found\`). Answers with the whole list. ${thirdPartyOnly}`,
        params: ConsentScopesParams,
        body: AssignUserConsentScopesBody,
        response: { 201: UserConsentScopesSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await consents.assignConsentScopes(db, request.params.applicationId, request.body)),
  );

  app.delete(
    `${scopesPath}/:scopeType/:scopeId`,
    {
      schema: {
        tags: scopeTags,
        summary: 'Stop a third-party application from asking users for one scope',
        description:
          '`scopeId` is the permission id, or the user scope itself for `user-scopes`. Organization and API permissions leave ' +
          'the next tokens at once; a user scope is no longer offered on the consent page. 404 `entity.not_found` when it was not there.',
        params: ConsentScopeParams,
        response: { 204: NoContent, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      const { applicationId, scopeType, scopeId } = request.params;
      await consents.removeConsentScope(db, applicationId, scopeType, scopeId);
      return reply.status(204).send(null);
    },
  );
}
