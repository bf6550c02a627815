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
 * Refresh-token rotation in one statement: consumes the presented refresh token if nobody has
 * consumed it yet, and stores its successor only then. oidc-provider (refresh_token.js) calls
 * `consume(old)` and then, with no I/O in between, `upsert(successor)`; the adapter holds the
 * first back for the second (see `consume` below), so a refresh commits once instead of twice.
 * `consumed_at is null` makes the rotation atomic: of two requests presenting the same token at
 * once, one rotates it and the other gets no row back, which is a reuse (below).
 */
const rotateRefreshTokenStatement = statement(
  'oidc_refresh_token_rotate',
  `with consumed as (
     update oidc_model_instances set consumed_at = now()
     where model_name = 'RefreshToken' and id = $1 and consumed_at is null
     returning id
   )
   insert into oidc_model_instances (model_name, id, payload, expires_at)
   select 'RefreshToken', $2, $3, $4 from consumed
   on conflict (model_name, id) do update set payload = excluded.payload, expires_at = excluded.expires_at
   returning id`,
);
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
  return (modelName: string): Adapter => (modelName === 'Client' ? clientAdapter(db) : modelAdapter(db, modelName));
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

function modelAdapter(db: Db, modelName: string): Adapter {
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
        const rows = await run(db, rotateRefreshTokenStatement, [consumed, id, JSON.stringify(payload), expiresAt]);
        if (rows.length === 0) await refuseReusedRefreshToken(db, consumed, payload.grantId);
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
