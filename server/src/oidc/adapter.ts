import { sql } from 'kysely';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import { findClientMetadata } from './clients.ts';
import { run, statement } from './statements.ts';

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
 * Documents read with a refresh token, for the `Session.findByUid` and `Grant.find` that follow
 * in the same request (keyed by `Provider.ctx`, oidc-provider's request context). Each is used
 * once, then dropped: reading it again reads the database. Never shared between requests.
 */
const readWithRefreshToken = new WeakMap<object, Map<string, AdapterPayload | undefined>>();

function takeReadAlong(key: string): { payload: AdapterPayload | undefined } | undefined {
  const ctx = Provider.ctx;
  const documents = ctx && readWithRefreshToken.get(ctx);
  if (!documents?.has(key)) return undefined;
  const payload = documents.get(key);
  documents.delete(key);
  return { payload };
}

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
    find: (id) => findClientMetadata(db, id) as Promise<AdapterPayload | undefined>,
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
    const [row] = await run<{
      payload: AdapterPayload;
      consumedAt: number | null;
      grantDocument: AdapterPayload | null;
      grantConsumedAt: number | null;
      sessionDocument: AdapterPayload | null;
    }>(db, findRefreshTokenWithGrant, [id]);
    if (!row) return undefined;
    const ctx = Provider.ctx;
    if (ctx) {
      const { grantId, sessionUid, expiresWithSession } = row.payload;
      const documents = new Map<string, AdapterPayload | undefined>();
      if (typeof grantId === 'string') {
        const grant = row.grantDocument === null ? undefined : live(row.grantDocument, row.grantConsumedAt);
        documents.set(`Grant:${grantId}`, grant);
      }
      if (expiresWithSession && typeof sessionUid === 'string') {
        documents.set(`Session:${sessionUid}`, row.sessionDocument === null ? undefined : row.sessionDocument);
      }
      readWithRefreshToken.set(ctx, documents);
    }
    return live(row.payload, row.consumedAt);
  };

  return {
    async upsert(id, payload, expiresIn) {
      const expiresAt = new Date(Date.now() + (expiresIn ?? 14 * 24 * 3600) * 1000);
      await run(db, upsertModel, [modelName, id, JSON.stringify(payload), expiresAt]);
    },
    async find(id) {
      if (modelName === 'RefreshToken') return findRefreshToken(id);
      const early = modelName === 'Grant' ? takeReadAlong(`Grant:${id}`) : undefined;
      if (early) return early.payload;
      const [row] = await run<{ payload: AdapterPayload; consumedAt: number | null }>(db, findById, [modelName, id]);
      return row ? live(row.payload, row.consumedAt) : undefined;
    },
    async findByUid(uid) {
      const early = modelName === 'Session' ? takeReadAlong(`Session:${uid}`) : undefined;
      return early ? early.payload : findWhere('uid', uid);
    },
    findByUserCode: (userCode) => findWhere('userCode', userCode),
    async consume(id) {
      await run(db, consumeModel, [modelName, id]);
    },
    async destroy(id) {
      await db.deleteFrom('oidcModelInstances').where('modelName', '=', modelName).where('id', '=', id).execute();
    },
    async revokeByGrantId(grantId) {
      await db
        .deleteFrom('oidcModelInstances')
        .where(sql`payload ->> 'grantId'`, '=', grantId)
        .where(sql<boolean>`payload ? 'grantId'`)
        .execute();
    },
  };
}

/** Removes expired rows; called periodically by one node at a time is not required (idempotent). */
export async function deleteExpiredModels(db: Db): Promise<number> {
  const result = await db.deleteFrom('oidcModelInstances').where('expiresAt', '<=', sql<number>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
