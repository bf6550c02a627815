import { CompiledQuery } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Executor } from '../platform/database.ts';
import { nanoid } from '../platform/ids.ts';

/**
 * The audit log's writer: one entry per Management API change that succeeded (a 2xx answer to
 * POST, PUT, PATCH or DELETE), stored before the answer leaves (an `onSend` hook), so every
 * change a caller was told about is in the log. A change whose entry cannot be written (the
 * database went away between the two) still answers, and the failure is logged as an error:
 * the change has committed by then and must not be reported as failed.
 */

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Request bodies above this size (as JSON) are stored as a marker with their size. */
export const MAX_BODY_BYTES = 64 * 1024;
const SECRET_KEY = /password|secret|token|credential|authorization|api[-_]?key|cookie/i;
export const REDACTED = '[redacted]';

declare module 'fastify' {
  interface FastifyRequest {
    /** The organization a change concerns, when it must be read before the change (invitations). */
    auditOrganizationId?: string | null;
    /** Organizations a deletion reaches through cascades (memberships, role assignments), read before it. */
    auditCascadeOrganizationIds?: string[];
  }
}

/**
 * Deletions elsewhere that remove memberships or role assignments in organizations: each
 * organization reached gets the change in its own trail too (reference §9, "cascaded removals").
 * Keyed by method and route pattern; each query takes the route's id parameter.
 */
const CASCADES: Record<string, { param: string; sql: string }> = {
  'DELETE /api/users/:userId': {
    param: 'userId',
    sql: 'select organization_id from organization_user_relations where user_id = $1',
  },
  'DELETE /api/applications/:applicationId': {
    param: 'applicationId',
    sql: 'select organization_id from organization_application_relations where application_id = $1',
  },
  'DELETE /api/organization-roles/:id': {
    param: 'id',
    sql: `select organization_id from organization_role_user_relations where organization_role_id = $1
          union select organization_id from organization_role_application_relations where organization_role_id = $1`,
  },
};

/** A copy of a request body without its secrets (any key that names a password, secret, token, credential, authorization, API key or cookie). */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Deeper than any body Guildhall takes needs: not searched, so not kept.
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  return copy;
}

function storedBody(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  const json = JSON.stringify(redact(body));
  const bytes = Buffer.byteLength(json);
  return bytes > MAX_BODY_BYTES ? JSON.stringify({ truncated: true, bytes }) : json;
}

const INVITATION_ROUTE = '/api/organization-invitations/:id';
const ORGANIZATION_ROUTE = '/api/organizations/:id';

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 21;

/**
 * The organization a change concerns: the route's own (`/api/organizations/:id…`), the one just
 * created (from the answer), an invitation's, or the body's (`organizationId`).
 */
function organizationOf(request: FastifyRequest, route: string, payload: unknown): string | null {
  const params = request.params as Record<string, unknown>;
  if (route === ORGANIZATION_ROUTE || route.startsWith(`${ORGANIZATION_ROUTE}/`)) return isId(params.id) ? params.id : null;
  if (route === '/api/organizations' && request.method === 'POST' && typeof payload === 'string') {
    try {
      const { id } = JSON.parse(payload) as { id?: unknown };
      return isId(id) ? id : null;
    } catch {
      return null;
    }
  }
  if (request.auditOrganizationId !== undefined) return request.auditOrganizationId;
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' && isId(body.organizationId) ? body.organizationId : null;
}

/** The columns of an entry, in the order of {@link INSERT}'s arrays. */
type Row = [
  id: string,
  organizationId: string | null,
  actorType: 'Application' | 'User',
  actorId: string,
  applicationId: string | null,
  method: string,
  route: string,
  path: string,
  status: number,
  params: string,
  body: string | null,
  ip: string | null,
  userAgent: string | null,
];
const COLUMN_TYPES = ['varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'smallint', 'jsonb', 'jsonb', 'varchar', 'varchar'];

/** Any number of entries in one statement, one array per column: a fixed text, prepared once. */
const INSERT = `insert into audit_logs
  (id, organization_id, actor_type, actor_id, application_id, method, route, path, status, params, body, ip, user_agent)
  select * from unnest(${COLUMN_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`;

/** Entries per statement at most. */
const BATCH = 500;

/**
 * Group commit for the audit log. A write that commits on its own costs a WAL flush, during which
 * the shared pipelined connection answers nothing else (platform/postgres-driver.ts): one insert
 * per change made `POST /api/organizations/:id/users` 2.5× slower. Here the entries of the changes
 * answering at the same moment go in one insert, one at a time: each change still waits until
 * its own entry is stored before it answers.
 */
export function auditWriter(db: Executor) {
  let queue: Array<{ row: Row; done: (error?: unknown) => void }> = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    // Let the changes answering in this turn of the event loop join the first statement.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.slice(0, BATCH);
      queue = queue.slice(BATCH);
      const columns = COLUMN_TYPES.map((_, column) => batch.map((entry) => entry.row[column]));
      try {
        await db.executeQuery(CompiledQuery.raw(INSERT, columns));
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error);
      }
    }
    flushing = false;
  }

  return (row: Row) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!flushing) void flush();
    });
}

const cut = (value: string | undefined, length: number) => (value === undefined ? null : value.slice(0, length));

export function auditHooks(db: Db) {
  const write = auditWriter(db);

  /** An invitation's organization is read before the change: a deleted invitation no longer tells it. */
  async function preHandler(request: FastifyRequest): Promise<void> {
    const route = request.routeOptions.url;
    if (!MUTATIONS.has(request.method) || !route) return;
    const cascade = CASCADES[`${request.method} ${route}`];
    if (cascade) {
      const id = (request.params as Record<string, unknown>)[cascade.param];
      if (!isId(id)) return;
      const { rows } = await db.executeQuery<{ organizationId: string }>(CompiledQuery.raw(cascade.sql, [id]));
      request.auditCascadeOrganizationIds = rows.map((row) => row.organizationId);
      return;
    }
    if (!route.startsWith(INVITATION_ROUTE)) return;
    const { id } = request.params as { id?: unknown };
    if (!isId(id)) return;
    const { rows } = await db.executeQuery<{ organizationId: string }>(
      CompiledQuery.raw('select organization_id from organization_invitations where id = $1', [id]),
    );
    request.auditOrganizationId = rows[0]?.organizationId ?? null;
  }

  async function onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const route = request.routeOptions.url;
    const caller = request.caller;
    if (!MUTATIONS.has(request.method) || reply.statusCode < 200 || reply.statusCode >= 300 || !caller || !route) return payload;
    const path = request.url.split('?', 1)[0]!;
    const userAgent = request.headers['user-agent'];
    const params = JSON.stringify(request.params ?? {});
    const body = storedBody(request.body);
    const entry = (organizationId: string | null): Row => [
      nanoid(),
      organizationId,
      caller.type === 'app' ? 'Application' : 'User',
      caller.id,
      caller.clientId ?? null,
      request.method,
      route.slice(0, 256),
      path.slice(0, 2048),
      reply.statusCode,
      params,
      body,
      cut(request.ip, 64),
      cut(typeof userAgent === 'string' ? userAgent : undefined, 512),
    ];
    try {
      // The change itself, then a copy in the trail of every organization it reached.
      const rows = [entry(organizationOf(request, route, payload)), ...(request.auditCascadeOrganizationIds ?? []).map(entry)];
      await Promise.all(rows.map(write));
    } catch (error) {
      request.log.error({ err: error, route, method: request.method }, 'audit log: the entry of a completed change could not be written');
    }
    return payload;
  }

  return { preHandler, onSend };
}

const PRUNE_BATCH = 5000;

/**
 * Deletes entries older than the retention, in batches (each its own statement, so a large
 * backlog holds no long lock). Every node may run it; concurrent runs delete disjoint or
 * already-deleted rows. Returns the number deleted.
 */
export async function pruneAuditLog(db: Db, retentionDays: number): Promise<number> {
  if (retentionDays <= 0) return 0;
  // The webhooks' delivery outcomes are kept as long.
  await db.executeQuery(
    CompiledQuery.raw('delete from hook_deliveries where created_at < now() - make_interval(days => $1::int)', [retentionDays]),
  );
  let deleted = 0;
  for (;;) {
    const result = await db.executeQuery(
      CompiledQuery.raw(
        `delete from audit_logs where id in (
           select id from audit_logs where created_at < now() - make_interval(days => $1::int) limit ${PRUNE_BATCH})`,
        [retentionDays],
      ),
    );
    const count = Number(result.numAffectedRows ?? 0);
    deleted += count;
    if (count < PRUNE_BATCH) return deleted;
  }
}
