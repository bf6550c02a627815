import { createHmac } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/database.ts';
import { nanoid } from '../platform/ids.ts';
import { findUserById } from '../users/queries.ts';
import { eventsOf, type HookEvent } from './events.ts';

/**
 * Webhook events go through an outbox. A Management API change that fires events stores one
 * delivery per listening hook before its answer leaves (`onSend`; a change never fails because of
 * a hook), and every node's worker delivers what is due: it claims a batch with a lease
 * (`for update skip locked`, so nodes share the work and none takes another's), sends each signed
 * `POST`, and records the outcome, retrying later on failure. A restart or a deploy loses nothing:
 * a delivery whose node stopped mid-way is taken again when its lease ends (so an endpoint may
 * receive a request twice).
 */

export const SIGNATURE_HEADER = 'logto-signature-sha-256';
const TIMEOUT_MS = 10_000;
/** Waits before the retries (three, as Logto); then the delivery is Failed. */
export const RETRY_DELAYS_MS = [500, 2_000, 8_000];
/** How often each node looks for deliveries that are due, besides right after its own changes. */
const POLL_MS = 1000;
/** Deliveries one node claims at a time, and how long it may take them before another node may. */
const CLAIM = 16;
const LEASE_SECONDS = 60;
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

/** A webhook request's body: the envelope every event shares, then the event's own fields. */
export const requestBody = (hookId: string, event: HookEvent, fields: Record<string, unknown>) =>
  JSON.stringify({ hookId, event, createdAt: new Date().toISOString(), ...fields });

/** The membership routes whose event carries the delta (who joined, who left), under these keys. */
const MEMBERSHIP_SETS: Record<string, { added: string; removed: string }> = {
  '/api/organizations/:id/users': { added: 'addedUserIds', removed: 'removedUserIds' },
  '/api/organizations/:id/applications': { added: 'addedApplicationIds', removed: 'removedApplicationIds' },
};

/** Deletions whose cascade reaches organizations: the event each reached organization gets. */
const CASCADED: Record<string, { event: HookEvent; param: string; removed?: string }> = {
  '/api/users/:userId': { event: 'Organization.Membership.Updated', param: 'userId', removed: 'removedUserIds' },
  '/api/applications/:applicationId': { event: 'Organization.Membership.Updated', param: 'applicationId', removed: 'removedApplicationIds' },
  '/api/organization-roles/:id': { event: 'Organization.MemberRoles.Updated', param: 'id' },
};

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** How long a node reuses its read of the enabled hooks. */
export const HOOKS_CACHE_MS = 1000;

export function webhooks(db: Db, log: FastifyBaseLogger) {
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

  /**
   * Stores one delivery per occurrence and hook listening to its event: each request's body is
   * `{hookId, event, createdAt, ...fields}`. Returns without a statement when no hook listens.
   */
  async function queue(occurrences: Array<{ event: HookEvent; fields: () => Record<string, unknown> }>): Promise<void> {
    const hooks = (await enabledHooks()).filter((hook) => occurrences.some(({ event }) => hook.events.includes(event)));
    if (hooks.length === 0) return;
    const rows: Array<[id: string, hookId: string, event: string, body: string]> = [];
    for (const { event, fields } of occurrences) {
      const listening = hooks.filter((hook) => hook.events.includes(event));
      if (listening.length === 0) continue;
      const shared = fields();
      for (const hook of listening) {
        rows.push([nanoid(), hook.id, event, requestBody(hook.id, event, shared)]);
      }
    }
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into hook_deliveries (id, hook_id, event, body, state, next_attempt_at)
         select id, hook_id, event, body, 'Pending', now()
         from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[]) as d (id, hook_id, event, body)
         where exists (select 1 from hooks where hooks.id = d.hook_id)`,
        [0, 1, 2, 3].map((column) => rows.map((row) => row[column])),
      ),
    );
    kick();
  }

  /** Stores the change's deliveries before its answer leaves; a failure to store is logged, not answered. */
  async function onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const route = request.routeOptions.url;
    if (!route || request.method === 'GET') return payload;
    // A change of a hook applies at once on this node: before its answer leaves.
    if (route.startsWith('/api/hooks')) cache = undefined;
    if (reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    const common = () => ({
      userAgent: request.headers['user-agent'],
      ip: request.ip,
      path: request.url.split('?', 1)[0],
      method: request.method,
      status: reply.statusCode,
      params: request.params,
      matchedRoute: route,
    });
    const occurrences = [
      ...eventsOf(request.method, route, request.body).map((event) => ({ event, fields: () => ({ ...common(), ...eventData(request, route, event, payload) }) })),
      ...cascadedEvents(request, route).map(({ event, extra }) => ({ event, fields: () => ({ ...common(), ...extra }) })),
    ];
    if (occurrences.length === 0) return payload;
    try {
      await queue(occurrences);
    } catch (error) {
      request.log.error({ err: error, route }, 'webhook: the events of a completed change could not be queued');
    }
    return payload;
  }

  /**
   * Logto's interaction events from the hosted pages: `PostSignIn` when a user signs in with their
   * password, `PostRegister` when they create an account. The body carries the user (never a
   * password digest) and the application they signed in to. Stored once oidc-provider accepted the
   * sign-in, before the browser is sent on; a failure is logged, never shown to the user.
   */
  async function signedIn(event: 'PostSignIn' | 'PostRegister', request: FastifyRequest, ids: { userId: string; applicationId: string }): Promise<void> {
    try {
      if (!(await enabledHooks()).some((hook) => hook.events.includes(event))) return;
      const [user, application] = await Promise.all([
        findUserById(db, ids.userId),
        db.selectFrom('applications').select(['id', 'name', 'type', 'description']).where('id', '=', ids.applicationId).executeTakeFirst(),
      ]);
      await queue([
        {
          event,
          fields: () => ({
            interactionEvent: event === 'PostRegister' ? 'Register' : 'SignIn',
            userAgent: request.headers['user-agent'],
            userIp: request.ip,
            userId: ids.userId,
            user,
            application,
          }),
        },
      ]);
    } catch (error) {
      request.log.error({ err: error, event }, 'webhook: a sign-in event could not be queued');
    }
  }

  /**
   * What a deletion removed from organizations by cascade, one event per organization it reached
   * (Logto sends none): a deleted user or application leaves each organization it was a member
   * of, and a deleted organization role leaves its members in each organization with other
   * roles. The organizations were read just before the deletion (audit-log/record.ts).
   */
  function cascadedEvents(request: FastifyRequest, route: string): Array<{ event: HookEvent; extra: Record<string, unknown> }> {
    const cascade = CASCADED[route];
    const organizationIds = request.auditCascadeOrganizationIds ?? [];
    if (request.method !== 'DELETE' || !cascade || organizationIds.length === 0) return [];
    const params = request.params as Record<string, string>;
    return organizationIds.map((organizationId) => ({
      event: cascade.event,
      extra: { organizationId, ...(cascade.removed ? { [cascade.removed]: [params[cascade.param]] } : {}) },
    }));
  }

  /** What an event adds to the common fields: the answer's body, and the delta of a membership change. */
  function eventData(request: FastifyRequest, route: string, event: HookEvent, payload: unknown): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    if (typeof payload === 'string' && payload) {
      try {
        data.data = JSON.parse(payload);
      } catch {
        // not JSON: no data
      }
    }
    if (event.startsWith('OrganizationInvitation.')) {
      // The organization of the invitation: in the answer, or (a deletion answers nothing) read before the change.
      const answered = (data.data as { organizationId?: unknown } | undefined)?.organizationId;
      data.organizationId = typeof answered === 'string' ? answered : (request.auditOrganizationId ?? undefined);
      return data;
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
    // The route's own statements said who joined and who left (organizations/membership-sets.ts);
    // a removal of one member that answered 2xx removed that member.
    const { added, removed } =
      request.method === 'DELETE' ? { added: [], removed: [params.userId ?? params.applicationId ?? ''] } : (request.membershipDelta ?? { added: [], removed: [] });
    if (added.length > 0) data[set.added] = added.slice(0, DELTA_CAP);
    if (removed.length > 0) data[set.removed] = removed.slice(0, DELTA_CAP);
    return data;
  }

  // The worker: what is due, claimed under a lease, delivered, recorded.
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let working: Promise<void> | undefined;
  let again = false;

  /** Runs a round now, or right after the current one. */
  function kick() {
    if (stopped) return;
    if (working) {
      again = true;
      return;
    }
    working = round()
      .catch((error: unknown) => log.warn({ err: error }, 'webhook: a delivery round failed; the next one retries'))
      .finally(() => {
        working = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  async function round(): Promise<void> {
    for (;;) {
      const { rows } = await db.executeQuery<Claimed>(
        CompiledQuery.raw(
          `update hook_deliveries d set lease_until = now() + make_interval(secs => $2::int)
           from (select id from hook_deliveries
                 where state = 'Pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
                 order by next_attempt_at, id limit $1 for update skip locked) due,
                hooks h
           where d.id = due.id and h.id = d.hook_id
           returning d.id, d.event, d.body, d.attempts, d.created_at, h.config, h.signing_key, h.enabled`,
          [CLAIM, LEASE_SECONDS],
        ),
      );
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => attempt(row)));
      if (stopped || rows.length < CLAIM) return;
    }
  }

  async function attempt(delivery: Claimed): Promise<void> {
    const { status, error } = delivery.enabled
      ? await send(delivery.config, delivery.signingKey, delivery.body ?? '')
      : { status: null, error: 'the hook is disabled' };
    const attempts = delivery.attempts + 1;
    const delay = error === null || !delivery.enabled ? undefined : RETRY_DELAYS_MS[attempts - 1];
    const state = error === null ? 'Delivered' : delay === undefined ? 'Failed' : 'Pending';
    if (state === 'Failed') log.warn({ deliveryId: delivery.id, event: delivery.event, attempts, error }, 'webhook: delivery failed');
    await db.executeQuery(
      CompiledQuery.raw(
        `update hook_deliveries set state = $2::varchar, attempts = $3::smallint, response_status = $4::smallint,
           error = $5::varchar, lease_until = null,
           next_attempt_at = case when $2::varchar = 'Pending' then now() + make_interval(secs => $6::double precision / 1000) end,
           body = case when $2::varchar = 'Pending' then body end,
           duration_ms = (extract(epoch from now() - created_at) * 1000)::int
         where id = $1`,
        [delivery.id, state, attempts, status, error, delay ?? 0],
      ),
    );
  }

  return {
    onSend,
    signedIn,
    /** Starts this node's worker (at start-up; it also delivers what other nodes left due). */
    start() {
      stopped = false;
      timer = setInterval(kick, POLL_MS).unref();
      kick();
    },
    /** Stops taking deliveries and waits for the round in progress (at shutdown). */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await working;
    },
  };
}

interface Claimed {
  id: string;
  event: string;
  body: string | null;
  attempts: number;
  createdAt: number;
  config: Hook['config'];
  signingKey: string;
  enabled: boolean;
}

/** One attempt: the endpoint's status, and why it failed (null when it answered 2xx). Never throws. */
export async function send(config: Hook['config'], signingKey: string, body: string): Promise<{ status: number | null; error: string | null }> {
  try {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: {
        'user-agent': 'Guildhall',
        'content-type': 'application/json',
        ...config.headers,
        [SIGNATURE_HEADER]: sign(signingKey, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    await response.body?.cancel();
    return { status: response.status, error: response.ok ? null : `the endpoint answered ${response.status}` };
  } catch (failure) {
    const message = failure instanceof Error ? (failure.cause instanceof Error ? failure.cause.message : failure.message) : String(failure);
    return { status: null, error: message.slice(0, 512) };
  }
}
