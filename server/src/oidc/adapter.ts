import { sql } from 'kysely';
import Provider, { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import { putReadAlong } from './read-along.ts';
import { run, statement } from './statements.ts';
import { findClientForRequest, takeDocumentReadAlong, takeRefreshTokenReadAlong } from './token-request.ts';

// The statements every token request runs (refresh token, grant, rotation); the rest use Kysely.
const findById = statement(
  'oidc_model_find',
  'select payload, consumed_at from oidc_model_instances where model_name = $1 and id = $2 and expires_at > now()',
);
const upsertModel = statement(
  'oidc_model_upsert',
  `insert into oidc_model_instances (model_name, id, payload, expires_at) values ($1, $2, $3, $4)
   on conflict (model_name, id) do update set payload = excluded.payload, expires_at = excluded.expires_at`,
);
const consumeModel = statement('oidc_model_consume', 'update oidc_model_instances set consumed_at = now() where model_name = $1 and id = $2');

/**
 * Refresh-token rotation, for every refresh of one event-loop turn in one statement: each presented
 * refresh token is consumed if nobody has consumed it yet, and its successor is stored only then.
 * oidc-provider (refresh_token.js) calls `consume(old)` and then, with no I/O in between,
 * `upsert(successor)`; the adapter holds the first back for the second (see `consume` below), so
 * a refresh writes once instead of twice, and the refreshes that reach their rotation in the same
 * turn share that write and its commit (RotationBatch). A commit waits for the WAL to reach the
 * disk, and the shared connection answers nothing else meanwhile (platform/postgres-driver.ts):
 * one commit per turn instead of one per refresh.
 *
 * `consumed_at is null` makes each rotation atomic: of two requests presenting the same token at
 * once, in one statement or in two, one rotates it and the other gets no successor back, which is
 * a reuse (below); within one statement, only one successor per consumed token is stored.
 * The tokens are looked up with `= any(array)`: a join to the batch's rows was planned, from the
 * statistics of a small table, as a sequential scan that grew with the table (docs/benchmarks.md).
 */
const rotateRefreshTokensStatement = statement(
  'oidc_refresh_tokens_rotate',
  `with rotation as (
     select * from jsonb_to_recordset($1::jsonb) as r (consumed varchar, id varchar, payload jsonb, expires_at timestamptz)
   ),
   consumed as (
     update oidc_model_instances t set consumed_at = now()
     where t.model_name = 'RefreshToken' and t.id = any(array(select r.consumed from rotation r)) and t.consumed_at is null
     returning t.id
   )
   insert into oidc_model_instances (model_name, id, payload, expires_at)
   select distinct on (r.consumed) 'RefreshToken', r.id, r.payload, r.expires_at
   from rotation r join consumed c on c.id = r.consumed
   order by r.consumed, r.id
   on conflict (model_name, id) do update set payload = excluded.payload, expires_at = excluded.expires_at
   returning id`,
);

interface Rotation {
  consumed: string;
  id: string;
  payload: AdapterPayload;
  expires_at: string;
}

/**
 * Collects the rotations of one event-loop turn and runs them as one statement at `setImmediate`
 * (after every request the turn's I/O woke up has had its go). Resolves each with whether its
 * successor was stored. An idle server pays one `setImmediate`: the batch of one leaves right
 * after the callback that asked.
 */
class RotationBatch {
  private pending: Array<{ rotation: Rotation; settle: (stored: boolean) => void; fail: (error: unknown) => void }> = [];

  constructor(private readonly db: Db) {}

  rotate(rotation: Rotation): Promise<boolean> {
    return new Promise((settle, fail) => {
      if (this.pending.push({ rotation, settle, fail }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const rows = await run<{ id: string }>(this.db, rotateRefreshTokensStatement, [JSON.stringify(batch.map((entry) => entry.rotation))]);
      const stored = new Set(rows.map((row) => row.id));
      for (const entry of batch) entry.settle(stored.has(entry.rotation.id));
    } catch (error) {
      for (const entry of batch) entry.fail(error);
    }
  }
}

const consumeRefreshTokenOnce = statement(
  'oidc_refresh_token_consume_once',
  `update oidc_model_instances set consumed_at = now()
   where model_name = 'RefreshToken' and id = $1 and consumed_at is null
   returning id`,
);

/** The refresh token a token request has consumed, until its successor is stored (per request). */
const pendingConsume = new WeakMap<object, string>();

/**
 * A refresh token was consumed by someone else between this request's read and its rotation
 * (two requests with the same token at once): handled as oidc-provider handles a reused token
 * it reads as consumed (refresh_token.js) — the token and its whole grant are revoked.
 */
async function refuseReusedRefreshToken(db: Db, id: string, grantId: unknown): Promise<never> {
  await db.deleteFrom('oidcModelInstances').where('modelName', '=', 'RefreshToken').where('id', '=', id).execute();
  if (typeof grantId === 'string') {
    await revokeGrant(db, grantId);
    await db.deleteFrom('oidcModelInstances').where('modelName', '=', 'Grant').where('id', '=', grantId).execute();
  }
  throw new errors.InvalidGrant('refresh token already used');
}

async function revokeGrant(db: Db, grantId: string): Promise<void> {
  await db
    .deleteFrom('oidcModelInstances')
    .where(sql`payload ->> 'grantId'`, '=', grantId)
    .where(sql<boolean>`payload ? 'grantId'`)
    .execute();
}

/**
 * Ends a refresh-token grant (grants/organization-params.ts calls it after oidc-provider's
 * handler, whatever the outcome): a consume held back for a successor that was never stored is
 * carried out now, so a refresh token oidc-provider consumed is consumed in the database in
 * every case. When the handler succeeded and the token turns out already consumed, the request
 * fails as a reuse.
 */
export async function settleRefreshTokenRotation(db: Db, ctx: object, { succeeded }: { succeeded: boolean }): Promise<void> {
  const id = pendingConsume.get(ctx);
  if (id === undefined) return;
  pendingConsume.delete(ctx);
  const rows = await run(db, consumeRefreshTokenOnce, [id]);
  if (succeeded && rows.length === 0) {
    const grantId = (ctx as { oidc?: { entities?: { RotatedRefreshToken?: { grantId?: string } } } }).oidc?.entities?.RotatedRefreshToken?.grantId;
    await refuseReusedRefreshToken(db, id, grantId);
  }
}
// oidc-provider reads a refresh token's session (when the token is bound to it) and its grant
// right after the token: all three in one round trip. `grant_document` and `session_document` are
// document aliases (platform/camel-case.ts), so their keys come back as stored.
const findRefreshTokenWithGrant = statement(
  'oidc_refresh_token_with_grant',
  `select t.payload, t.consumed_at,
     g.payload as grant_document, g.consumed_at as grant_consumed_at,
     s.payload as session_document
   from oidc_model_instances t
   left join oidc_model_instances g on g.model_name = 'Grant' and g.id = t.payload ->> 'grantId' and g.expires_at > now()
   left join oidc_model_instances s on s.model_name = 'Session' and s.payload ->> 'uid' = t.payload ->> 'sessionUid'
     and (t.payload ->> 'expiresWithSession')::boolean and s.expires_at > now()
   where t.model_name = 'RefreshToken' and t.id = $1 and t.expires_at > now()`,
);

/**
 * oidc-provider's storage: every model (sessions, grants, codes, refresh tokens, interactions…)
 * lives in `oidc_model_instances`; clients are read live from `applications`, so a change made
 * through the Management API applies on every node at once.
 */
export function createAdapterFactory(db: Db) {
  const rotations = new RotationBatch(db);
  return (modelName: string): Adapter => (modelName === 'Client' ? clientAdapter(db) : modelAdapter(db, modelName, rotations));
}

function clientAdapter(db: Db): Adapter {
  const readOnly = async () => {
    throw new Error('clients are managed through the Management API');
  };
  return {
    // On a refresh-token request the token, its grant, session and account come along (token-request.ts).
    find: (id) => findClientForRequest(db, Provider.ctx, id) as Promise<AdapterPayload | undefined>,
    upsert: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}

function modelAdapter(db: Db, modelName: string, rotations: RotationBatch): Adapter {
  const live = (payload: AdapterPayload, consumedAt: number | null) =>
    consumedAt === null ? payload : { ...payload, consumed: Math.floor(consumedAt / 1000) };

  const findWhere = async (column: 'uid' | 'userCode', value: string) => {
    let query = db
      .selectFrom('oidcModelInstances')
      .select(['payload', 'consumedAt'])
      .where('modelName', '=', modelName)
      .where('expiresAt', '>', sql<number>`now()`);
    const row = await query.where(sql`payload ->> ${column}`, '=', value).executeTakeFirst();
    return row ? live(row.payload as AdapterPayload, row.consumedAt) : undefined;
  };

  const findRefreshToken = async (id: string) => {
    const early = takeRefreshTokenReadAlong(id);
    if (early) return early.value && live(early.value.payload, early.value.consumedAt);
    const [row] = await run<{
      payload: AdapterPayload;
      consumedAt: number | null;
      grantDocument: AdapterPayload | null;
      grantConsumedAt: number | null;
      sessionDocument: AdapterPayload | null;
    }>(db, findRefreshTokenWithGrant, [id]);
    if (!row) return undefined;
    const { grantId, sessionUid, expiresWithSession } = row.payload;
    if (typeof grantId === 'string') {
      putReadAlong(`Grant:${grantId}`, row.grantDocument === null ? undefined : { payload: row.grantDocument, consumedAt: row.grantConsumedAt });
    }
    if (expiresWithSession && typeof sessionUid === 'string') {
      putReadAlong(`Session:${sessionUid}`, row.sessionDocument === null ? undefined : { payload: row.sessionDocument, consumedAt: null });
    }
    return live(row.payload, row.consumedAt);
  };

  const refreshTokens = modelName === 'RefreshToken';
  return {
    async upsert(id, payload, expiresIn) {
      const expiresAt = new Date(Date.now() + (expiresIn ?? 14 * 24 * 3600) * 1000);
      const ctx = refreshTokens ? Provider.ctx : undefined;
      const consumed = ctx && pendingConsume.get(ctx);
      if (consumed !== undefined) {
        // The successor of a refresh token this request consumed: both in one statement.
        pendingConsume.delete(ctx!);
        const stored = await rotations.rotate({ consumed, id, payload, expires_at: expiresAt.toISOString() });
        if (!stored) await refuseReusedRefreshToken(db, consumed, payload.grantId);
        return;
      }
      await run(db, upsertModel, [modelName, id, JSON.stringify(payload), expiresAt]);
    },
    async find(id) {
      if (modelName === 'RefreshToken') return findRefreshToken(id);
      const early = modelName === 'Grant' ? takeDocumentReadAlong(`Grant:${id}`) : undefined;
      if (early) return early.value && live(early.value.payload, early.value.consumedAt);
      const [row] = await run<{ payload: AdapterPayload; consumedAt: number | null }>(db, findById, [modelName, id]);
      return row ? live(row.payload, row.consumedAt) : undefined;
    },
    async findByUid(uid) {
      const early = modelName === 'Session' ? takeDocumentReadAlong(`Session:${uid}`) : undefined;
      return early ? early.value?.payload : findWhere('uid', uid);
    },
    findByUserCode: (userCode) => findWhere('userCode', userCode),
    async consume(id) {
      const ctx = refreshTokens ? Provider.ctx : undefined;
      if (ctx?.oidc?.route === 'token' && ctx.oidc.params?.grant_type === 'refresh_token' && !pendingConsume.has(ctx)) {
        // Held back for the successor oidc-provider stores next (rotateRefreshTokenStatement);
        // settleRefreshTokenRotation carries it out if none comes.
        pendingConsume.set(ctx, id);
        return;
      }
      await run(db, consumeModel, [modelName, id]);
    },
    async destroy(id) {
      await db.deleteFrom('oidcModelInstances').where('modelName', '=', modelName).where('id', '=', id).execute();
    },
    async revokeByGrantId(grantId) {
      await revokeGrant(db, grantId);
    },
  };
}

/** Removes expired rows; called periodically by one node at a time is not required (idempotent). */
export async function deleteExpiredModels(db: Db): Promise<number> {
  const result = await db.deleteFrom('oidcModelInstances').where('expiresAt', '<=', sql<number>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
