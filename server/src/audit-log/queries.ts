import type { Executor } from '../platform/database.ts';
import { withTotal, type Page } from '../platform/pagination.ts';
import { queryTemplate } from '../platform/query-template.ts';

export interface AuditLogFilter {
  organizationId?: string | undefined;
  actorId?: string | undefined;
  route?: string | undefined;
}

function filtered(db: Executor, where: AuditLogFilter) {
  let query = db.selectFrom('auditLogs as a');
  if (where.organizationId !== undefined) query = query.where('a.organizationId', '=', where.organizationId);
  if (where.actorId !== undefined) query = query.where('a.actorId', '=', where.actorId);
  if (where.route !== undefined) query = query.where('a.route', '=', where.route);
  return query;
}

// Unfiltered, the total is the trigger-kept count (migration 0016), not a count(*) of every entry.
const count = (db: Executor, where: AuditLogFilter) =>
  where.organizationId === undefined && where.actorId === undefined && where.route === undefined
    ? db.selectFrom('entityCounts').select('count').where('name', '=', 'audit_logs')
    : filtered(db, where).select((eb) => eb.fn.countAll<number>().as('count'));

/** Newest first (then by id, so that entries of one instant keep one order); the total in every row. */
const page = queryTemplate((db, args: AuditLogFilter & { limit: number; offset: number }) =>
  filtered(db, args)
    .selectAll('a')
    // The actor's name as it is now (null once deleted): people read names, not ids.
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'a.actorId').on('a.actorType', '=', 'User'))
    .leftJoin('applications as app', (join) => join.onRef('app.id', '=', 'a.actorId').on('a.actorType', '=', 'Application'))
    .select((eb) => eb.fn.coalesce('u.name', 'u.username', 'u.primaryEmail', 'app.name').as('actorName'))
    .select(count(db, args).as('total'))
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .limit(args.limit)
    .offset(args.offset),
);

export async function listAuditLog(db: Executor, filter: AuditLogFilter, paging: Page) {
  const where = { organizationId: filter.organizationId, actorId: filter.actorId, route: filter.route };
  const rows = await page(db, { ...where, limit: paging.limit, offset: paging.offset });
  const { total } = await withTotal(rows, paging, async () => (await count(db, where).executeTakeFirstOrThrow()).count);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      organizationId: row.organizationId,
      actor: { type: row.actorType, id: row.actorId, name: row.actorName, applicationId: row.applicationId },
      method: row.method,
      route: row.route,
      path: row.path,
      status: row.status,
      params: row.params,
      body: row.body ?? null,
      ip: row.ip,
      userAgent: row.userAgent,
    })),
  };
}
