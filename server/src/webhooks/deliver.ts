import { createHmac } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/database.ts';
import { nanoid } from '../platform/ids.ts';
import { eventsOf, type HookEvent } from './events.ts';

/**
 * Delivery of webhook events: after a Management API change has answered (never delaying or
 * failing it, as Logto), each enabled hook subscribed to one of its events receives a signed
 * `POST`. The node that handled the change delivers; a delivery lives in that process only (a
 * restart loses the ones in flight). Each delivery's outcome is stored for `recent-logs`.
 */

export const SIGNATURE_HEADER = 'logto-signature-sha-256';
const TIMEOUT_MS = 10_000;
/** Waits before the retries (three, as Logto). */
export const RETRY_DELAYS_MS = [500, 2_000, 8_000];
/** Ids per delta list at most (Logto's cap). */
const DELTA_CAP = 5000;

/** `hex(HMAC-SHA256(signingKey, body))`: what a receiver recomputes to trust a request. */
export const sign = (signingKey: string, body: string) => createHmac('sha256', signingKey).update(body).digest('hex');

interface Hook {
  id: string;
  config: { url: string; headers?: Record<string, string> };
  signingKey: string;
  events: string[];
}

/** Membership routes whose delta (who joined, who left) the event carries, read before the change. */
const MEMBERSHIP_SETS: Record<string, { table: string; column: string; bodyKey: string; added: string; removed: string }> = {
  '/api/organizations/:id/users': { table: 'organization_user_relations', column: 'user_id', bodyKey: 'userIds', added: 'addedUserIds', removed: 'removedUserIds' },
  '/api/organizations/:id/applications': {
    table: 'organization_application_relations',
    column: 'application_id',
    bodyKey: 'applicationIds',
    added: 'addedApplicationIds',
    removed: 'removedApplicationIds',
  },
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Members before a POST or PUT of a membership set (only read when a hook listens). */
    webhookMembersBefore?: string[];
    webhookPayload?: string;
  }
}

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** How long a node reuses its read of the enabled hooks. */
export const HOOKS_CACHE_MS = 1000;

export function webhookHooks(db: Db, log: FastifyBaseLogger) {
  /**
   * The enabled hooks, read at most once a second per node instead of once per change: a change
   * of a hook applies at once on the node that made it and within a second on the others.
   */
  let cache: { at: number; hooks: Promise<Hook[]> } | undefined;
  function enabledHooks(): Promise<Hook[]> {
    if (!cache || Date.now() - cache.at > HOOKS_CACHE_MS) {
      const hooks = db
        .executeQuery<Hook>(CompiledQuery.raw('select id, config, signing_key, events from hooks where enabled', []))
        .then((result) => result.rows);
      cache = { at: Date.now(), hooks };
      hooks.catch(() => {
        if (cache?.hooks === hooks) cache = undefined;
      });
    }
    return cache.hooks;
  }

  async function preHandler(request: FastifyRequest): Promise<void> {
    const route = request.routeOptions.url;
    const set = route ? MEMBERSHIP_SETS[route] : undefined;
    if (!set || (request.method !== 'POST' && request.method !== 'PUT')) return;
    if (!(await enabledHooks()).some((hook) => hook.events.includes('Organization.Membership.Updated'))) return;
    const { id } = request.params as { id: string };
    const { rows } = await db.executeQuery<{ id: string }>(
      CompiledQuery.raw(
        `select ${set.column} as id from ${set.table}
         where organization_id = $1 and ($2::varchar[] is null or ${set.column} = any($2::varchar[]))`,
        [id, request.method === 'POST' ? ids((request.body as Record<string, unknown>)?.[set.bodyKey]) : null],
      ),
    );
    request.webhookMembersBefore = rows.map((row) => row.id);
  }

  async function onSend(request: FastifyRequest, _reply: FastifyReply, payload: unknown): Promise<unknown> {
    // A change of a hook applies at once on this node: before its answer leaves.
    if (request.method !== 'GET' && request.routeOptions.url?.startsWith('/api/hooks')) cache = undefined;
    if (typeof payload === 'string') request.webhookPayload = payload;
    return payload;
  }

  async function onResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const route = request.routeOptions.url;
    if (!route || reply.statusCode < 200 || reply.statusCode >= 300 || request.method === 'GET') return;
    const events = eventsOf(request.method, route, request.body);
    if (events.length === 0) return;
    const hooks = (await enabledHooks()).filter((hook) => events.some((event) => hook.events.includes(event)));
    if (hooks.length === 0) return;
    for (const event of events) {
      const extra = eventData(request, route, event);
      for (const hook of hooks) {
        if (!hook.events.includes(event)) continue;
        const body = JSON.stringify({
          hookId: hook.id,
          event,
          createdAt: new Date().toISOString(),
          userAgent: request.headers['user-agent'],
          ip: request.ip,
          path: request.url.split('?', 1)[0],
          method: request.method,
          status: reply.statusCode,
          params: request.params,
          matchedRoute: route,
          ...extra,
        });
        void deliver(db, log, hook, event, body);
      }
    }
  }

  /** What an event adds to the common fields: the answer's body, and the delta of a membership change. */
  function eventData(request: FastifyRequest, route: string, event: HookEvent): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    if (request.webhookPayload) {
      try {
        data.data = JSON.parse(request.webhookPayload);
      } catch {
        // not JSON: no data
      }
    }
    if (event !== 'Organization.Membership.Updated') return data;
    const params = request.params as Record<string, string>;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (route === '/api/organization-invitations/:id/status') {
      return { organizationId: request.auditOrganizationId ?? undefined, addedUserIds: ids([body.acceptedUserId]) };
    }
    data.organizationId = params.id;
    const base = route.replace(/\/:(userId|applicationId)$/, '');
    const set = MEMBERSHIP_SETS[base];
    if (!set) return data;
    const before = new Set(request.webhookMembersBefore ?? []);
    let added: string[] = [];
    let removed: string[] = [];
    if (request.method === 'DELETE') removed = [params.userId ?? params.applicationId ?? ''];
    else {
      const wanted = [...new Set(ids(body[set.bodyKey]))];
      added = wanted.filter((id) => !before.has(id));
      if (request.method === 'PUT') removed = [...before].filter((id) => !wanted.includes(id));
    }
    if (added.length > 0) data[set.added] = added.slice(0, DELTA_CAP);
    if (removed.length > 0) data[set.removed] = removed.slice(0, DELTA_CAP);
    return data;
  }

  return { preHandler, onSend, onResponse };
}

/** One event to one hook: up to four attempts, then the outcome is stored. Never throws. */
async function deliver(db: Db, log: FastifyBaseLogger, hook: Hook, event: string, body: string): Promise<void> {
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const response = await fetch(hook.config.url, {
        method: 'POST',
        headers: {
          'user-agent': 'Guildhall',
          'content-type': 'application/json',
          ...hook.config.headers,
          [SIGNATURE_HEADER]: sign(hook.signingKey, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      status = response.status;
      error = response.ok ? null : `the endpoint answered ${response.status}`;
      await response.body?.cancel();
    } catch (failure) {
      status = null;
      error = (failure instanceof Error ? (failure.cause instanceof Error ? failure.cause.message : failure.message) : String(failure)).slice(0, 512);
    }
    const delay = RETRY_DELAYS_MS[attempts - 1];
    if (error === null || delay === undefined) break;
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
  }
  if (error) log.warn({ hookId: hook.id, event, attempts, error }, 'webhook: delivery failed');
  try {
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into hook_deliveries (id, hook_id, event, response_status, error, attempts, duration_ms)
         select $1::varchar, $2::varchar, $3::varchar, $4::smallint, $5::varchar, $6::smallint, $7::int
         where exists (select 1 from hooks where id = $2::varchar)`,
        [nanoid(), hook.id, event, status, error, attempts, Date.now() - started],
      ),
    );
  } catch (failure) {
    log.warn({ err: failure, hookId: hook.id }, 'webhook: the outcome of a delivery could not be stored');
  }
}
