import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { requiredPage, setListHeaders } from '../platform/pagination.ts';
import { IdParams, errorResponses } from '../platform/schemas.ts';
import { pruneAuditLog } from './record.ts';
import { listAuditLog } from './queries.ts';
import { AuditLogEntrySchema, AuditLogQuery, OrganizationAuditLogQuery } from './schemas.ts';

const tags = ['Audit log'];
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The audit log of Management API changes (Guildhall extension; reference §9): recorded for every
 * Management API route by the hooks of record.ts (added to the whole /api scope in app.ts), read
 * through two paginated lists, and pruned past the retention by every node, hourly.
 */
export async function auditLogRoutes(app: App, { db, config }: AppContext) {
  app.get(
    '/audit-logs',
    {
      schema: {
        tags,
        summary: 'List the audit log',
        description:
          'Every Management API change that succeeded (a 2xx answer to POST, PUT, PATCH or DELETE), newest first, ' +
          'paginated (`page`, `page_size`; `Total-Number` and `Link` headers). Filters: `organizationId`, `actorId` ' +
          '(the user or application that made the change), `route` (a route pattern). For deep or complete reads (an export), ' +
          '`before=<entry id>` pages by key instead: each page the entries older than the last one seen. Entries are kept ' +
          '`GUILDHALL_AUDIT_LOG_RETENTION_DAYS` days (180 by default).',
        querystring: AuditLogQuery,
        response: { 200: Type.Array(AuditLogEntrySchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const paging = requiredPage(request.query);
      const { organizationId, actorId, route, before } = request.query;
      const { rows, total } = await listAuditLog(db, { organizationId, actorId, route, before }, paging);
      setListHeaders(request, reply, paging, { rows, total });
      return rows;
    },
  );

  app.get(
    '/organizations/:id/audit-logs',
    {
      schema: {
        tags,
        summary: "List an organization's audit log",
        description:
          'The changes that concern the organization: its own routes (`/api/organizations/:id…`), its invitations, and ' +
          'deletions elsewhere that removed its memberships or role assignments (a user, an application, an organization ' +
          'role), under their own route. Newest first, paginated, filters `actorId` and `route`. The trail outlives the ' +
          'organization: after its deletion this still lists it (the deletion included).',
        params: IdParams,
        querystring: OrganizationAuditLogQuery,
        response: { 200: Type.Array(AuditLogEntrySchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const paging = requiredPage(request.query);
      const { actorId, route, before } = request.query;
      const { rows, total } = await listAuditLog(db, { organizationId: request.params.id, actorId, route, before }, paging);
      setListHeaders(request, reply, paging, { rows, total });
      return rows;
    },
  );

  if (config.auditLogRetentionDays > 0) {
    const prune = () =>
      pruneAuditLog(db, config.auditLogRetentionDays).then(
        (deleted) => deleted > 0 && app.log.info({ deleted }, 'audit log: entries past the retention deleted'),
        (error: unknown) => app.log.warn({ err: error }, 'audit log: pruning failed; it is retried within the hour'),
      );
    const first = setTimeout(prune, 10_000).unref();
    const timer = setInterval(prune, PRUNE_EVERY_MS).unref();
    app.addHook('onClose', async () => {
      clearTimeout(first);
      clearInterval(timer);
    });
  }
}
