import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { PaginationQuery, optionalPage, setPageHeaders } from '../../platform/pagination.ts';
import { relationRoutes } from '../../platform/relation-routes.ts';
import { NoContent, errorResponses } from '../../platform/schemas.ts';
import { OrganizationIdParams, OrganizationRoleSchema } from '../schemas.ts';
import {
  AddJitEmailDomainBody,
  JitEmailDomainParams,
  JitEmailDomainSchema,
  JitSsoConnectorSchema,
  ReplaceJitEmailDomainsBody,
} from './schemas.ts';
import * as jit from './service.ts';

const tags = ['Organization just-in-time provisioning'];
const base = '/organizations/:id/jit/email-domains';

/**
 * Just-in-time provisioning configuration (reference §2.5): email domains, default roles and
 * enterprise SSO connectors. Guildhall stores and serves it; see docs/management-api.md for when
 * it takes effect.
 */
export async function jitRoutes(app: App, { db }: AppContext) {
  app.get(
    base,
    {
      schema: {
        tags,
        summary: "List an organization's just-in-time email domains",
        description: 'Ordered by domain. Without `page` or `page_size`, the whole list (no `Total-Number` header).',
        params: OrganizationIdParams,
        querystring: PaginationQuery,
        response: { 200: Type.Array(JitEmailDomainSchema), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await jit.listEmailDomains(db, request.params.id, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a just-in-time email domain to an organization',
        description:
          'Stored lower case in IDNA ASCII form. Not a domain name (`@example.com`, `*.example.com`, an IP address): 400 ' +
          '`organization.invalid_email_domain`. Already there: 422 `entity.unique_integrity_violation`.',
        params: OrganizationIdParams,
        body: AddJitEmailDomainBody,
        response: { 201: JitEmailDomainSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await jit.addEmailDomain(db, request.params.id, request.body.emailDomain)),
  );

  app.put(
    base,
    {
      schema: {
        tags,
        summary: "Replace an organization's just-in-time email domains",
        description: 'Exactly these domains stay (an empty list removes all), in one transaction; one invalid domain changes nothing.',
        params: OrganizationIdParams,
        body: ReplaceJitEmailDomainsBody,
        response: { 204: NoContent, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await jit.replaceEmailDomains(db, request.params.id, request.body.emailDomains);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    `${base}/:emailDomain`,
    {
      schema: {
        tags,
        summary: 'Remove a just-in-time email domain from an organization',
        description: 'Matched case-insensitively. Not there: 404 `entity.not_found`.',
        params: JitEmailDomainParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await jit.removeEmailDomain(db, request.params.id, request.params.emailDomain);
      return reply.status(204).send(null);
    },
  );

  relationRoutes(app, {
    tags,
    parentPath: '/organizations',
    parentParam: 'id',
    path: 'jit/roles',
    bodyKey: 'organizationRoleIds',
    childParam: 'organizationRoleId',
    item: OrganizationRoleSchema,
    pagination: 'optional',
    noun: { items: 'default just-in-time roles (roles of type User)', parent: 'an organization' },
    service: jit.jitRoles(db),
  });

  relationRoutes(app, {
    tags,
    parentPath: '/organizations',
    parentParam: 'id',
    path: 'jit/sso-connectors',
    bodyKey: 'ssoConnectorIds',
    childParam: 'ssoConnectorId',
    item: JitSsoConnectorSchema,
    pagination: 'optional',
    noun: { items: 'just-in-time enterprise SSO connectors', parent: 'an organization' },
    service: jit.jitSsoConnectors(db),
  });
}
