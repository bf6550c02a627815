import { sql } from 'kysely';
import type { Executor } from '../platform/database.ts';
import { withTotal, type Page } from '../platform/pagination.ts';
import { queryTemplate } from '../platform/query-template.ts';

export interface AuditLogFilter {
  organizationId?: string | undefined;
  actorId?: string | undefined;
  route?: string | undefined;
  /** Keyset paging: only entries older than this entry (created_at, then id); no total is counted. */
  before?: string | undefined;
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
    .$if(args.before === undefined, (query) => query.select(count(db, args).as('total')))
    .$if(args.before !== undefined, (query) =>
      // An unknown entry matches nothing (the comparison with no row is null).
      query.where(sql<boolean>`(a.created_at, a.id) < (select b.created_at, b.id from audit_logs b where b.id = ${args.before})`),
    )
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .limit(args.limit)
    .offset(args.offset),
);

/** A page of entries; `total` is undefined with `before` (keyset paging counts nothing). */
export async function listAuditLog(db: Executor, filter: AuditLogFilter, paging: Page) {
  const where = { organizationId: filter.organizationId, actorId: filter.actorId, route: filter.route };
  const rows = await page(db, { ...where, before: filter.before, limit: paging.limit, offset: paging.offset });
  const { total } =
    filter.before === undefined
      ? await withTotal(rows as Array<(typeof rows)[number] & { total: number | null }>, paging, async () => (await count(db, where).executeTakeFirstOrThrow()).count)
      : { total: undefined };
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
