import { CompiledQuery } from 'kysely';
import type { Db } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { generateSecret, nanoid } from '../platform/ids.ts';
import { withTotal, type Page } from '../platform/pagination.ts';
import { TENANT_ID } from '../platform/schemas.ts';
import { requestBody, send } from './deliver.ts';
import type { HookEvent } from './events.ts';
import type { CreateHookBody, TestHookBody, UpdateHookBody } from './schemas.ts';

const COLUMNS = 'id, name, events, config, signing_key, enabled, created_at';

interface HookRow {
  id: string;
  name: string;
  events: string[];
  config: { url: string; headers?: Record<string, string> };
  signingKey: string;
  enabled: boolean;
  createdAt: number;
}

interface DeliveryRow {
  id: string;
  hookId: string;
  event: string;
  createdAt: number;
  state: 'Pending' | 'Delivered' | 'Failed';
  responseStatus: number | null;
  error: string | null;
  attempts: number;
  durationMs: number;
}

const shape = (row: HookRow): HookRow & { tenantId: typeof TENANT_ID; event: null } => ({ tenantId: TENANT_ID, ...row, event: null });

/** An absolute http(s) URL without credentials; https only in production. */
function checkEndpoint(url: string, production: boolean) {
  const protocols = production ? ['https:'] : ['https:', 'http:'];
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !protocols.includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new ApiError('hook.invalid_endpoint', { protocols: production ? 'https' : 'http(s)', url });
  }
}

const notFound = (id: string) => new ApiError('entity.not_exists_with_id', { name: 'hook', id });

/** Newest first; the total rides along in every row (`withTotal`), counted apart only past the last page. */
export async function listHooks(db: Db, page: Page | undefined) {
  const { rows } = await db.executeQuery<HookRow & { total: number }>(
    CompiledQuery.raw(
      `select ${COLUMNS}, count(*) over ()::int as total from hooks order by created_at desc, id desc limit $1 offset $2`,
      [page?.limit ?? null, page?.offset ?? 0],
    ),
  );
  const { total } = page ? await withTotal(rows, page, () => count(db, 'select count(*)::int as count from hooks', [])) : { total: rows.length };
  return { rows: rows.map(({ total: _total, ...row }) => shape(row)), total };
}

const count = async (db: Db, text: string, values: unknown[]) =>
  (await db.executeQuery<{ count: number }>(CompiledQuery.raw(text, values))).rows[0]!.count;

export async function getHook(db: Db, id: string) {
  const { rows } = await db.executeQuery<HookRow>(CompiledQuery.raw(`select ${COLUMNS} from hooks where id = $1`, [id]));
  if (!rows[0]) throw notFound(id);
  return shape(rows[0]);
}

export async function createHook(db: Db, body: CreateHookBody, production: boolean) {
  checkEndpoint(body.config.url, production);
  const { rows } = await db.executeQuery<HookRow>(
    CompiledQuery.raw(
      `insert into hooks (id, name, events, config, signing_key, enabled) values ($1, $2, $3::jsonb, $4::jsonb, $5, $6)
       returning ${COLUMNS}`,
      [nanoid(), body.name, JSON.stringify([...new Set(body.events)]), JSON.stringify(body.config), generateSecret(), body.enabled ?? true],
    ),
  );
  return shape(rows[0]!);
}

export async function updateHook(db: Db, id: string, body: UpdateHookBody, production: boolean) {
  if (body.config) checkEndpoint(body.config.url, production);
  const { rows } = await db.executeQuery<HookRow>(
    CompiledQuery.raw(
      `update hooks set name = coalesce($2, name), events = coalesce($3::jsonb, events), config = coalesce($4::jsonb, config),
         enabled = coalesce($5, enabled)
       where id = $1 returning ${COLUMNS}`,
      [
        id,
        body.name ?? null,
        body.events ? JSON.stringify([...new Set(body.events)]) : null,
        body.config ? JSON.stringify(body.config) : null,
        body.enabled ?? null,
      ],
    ),
  );
  if (!rows[0]) throw notFound(id);
  return shape(rows[0]);
}

export async function regenerateSigningKey(db: Db, id: string) {
  const { rows } = await db.executeQuery<HookRow>(
    CompiledQuery.raw(`update hooks set signing_key = $2 where id = $1 returning ${COLUMNS}`, [id, generateSecret()]),
  );
  if (!rows[0]) throw notFound(id);
  return shape(rows[0]);
}

export async function deleteHook(db: Db, id: string) {
  const result = await db.executeQuery(CompiledQuery.raw('delete from hooks where id = $1', [id]));
  if (Number(result.numAffectedRows ?? 0) === 0) throw notFound(id);
}

export async function recentDeliveries(db: Db, id: string, page: Page) {
  await getHook(db, id);
  const { rows } = await db.executeQuery<DeliveryRow & { total: number }>(
    CompiledQuery.raw(
      `select id, hook_id, event, created_at, state, response_status, error, attempts, duration_ms, count(*) over ()::int as total
       from hook_deliveries where hook_id = $1 order by created_at desc, id desc limit $2 offset $3`,
      [id, page.limit, page.offset],
    ),
  );
  const { total } = await withTotal(rows, page, () => count(db, 'select count(*)::int as count from hook_deliveries where hook_id = $1', [id]));
  return { rows: rows.map(({ total: _total, ...row }) => row), total };
}

/** What a test request carries besides `hookId`, `event` and `createdAt`: the shape of a real one, with sample values. */
function samplePayload(event: HookEvent): Record<string, unknown> {
  const user = { id: 'sample-user', username: 'sample', primaryEmail: 'sample@example.com', name: 'Sample User' };
  if (event === 'PostSignIn' || event === 'PostRegister') {
    return {
      interactionEvent: event === 'PostRegister' ? 'Register' : 'SignIn',
      userAgent: 'Guildhall (test)',
      userIp: '127.0.0.1',
      userId: user.id,
      user,
      application: { id: 'sample-application', name: 'Sample application', type: 'SPA', description: null },
    };
  }
  const sample = {
    userAgent: 'Guildhall (test)',
    ip: '127.0.0.1',
    path: '/api/sample',
    method: 'POST',
    status: 200,
    params: {},
    matchedRoute: '/api/sample',
    data: { id: 'sample-id' },
  };
  if (event.startsWith('Organization')) return { ...sample, organizationId: 'sample-organization', ...(event === 'Organization.Membership.Updated' ? { addedUserIds: [user.id] } : {}) };
  return sample;
}

/**
 * Sends a sample of each event to `config` (the endpoint being tried, which need not be the
 * hook's own yet), signed with the hook's key, at once and outside the delivery queue: 204 when
 * the endpoint answered every one with 2xx, else 422 naming the first that failed.
 */
export async function testHook(db: Db, id: string, body: TestHookBody, production: boolean) {
  checkEndpoint(body.config.url, production);
  const hook = await getHook(db, id);
  const events = [...new Set(body.events)];
  const results = await Promise.all(
    events.map(async (event) => ({ event, ...(await send(body.config, hook.signingKey, requestBody(hook.id, event, samplePayload(event)))) })),
  );
  const failed = results.find((result) => result.error !== null);
  if (!failed) return;
  throw failed.status === null
    ? new ApiError('hook.send_test_payload_failed', { event: failed.event, error: failed.error })
    : new ApiError('hook.endpoint_responded_with_error', { event: failed.event, status: failed.status });
}
