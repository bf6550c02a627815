import { sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
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

  return {
    async upsert(id, payload, expiresIn) {
      const expiresAt = new Date(Date.now() + (expiresIn ?? 14 * 24 * 3600) * 1000);
      await run(db, upsertModel, [modelName, id, JSON.stringify(payload), expiresAt]);
    },
    async find(id) {
      const [row] = await run<{ payload: AdapterPayload; consumedAt: number | null }>(db, findById, [modelName, id]);
      return row ? live(row.payload, row.consumedAt) : undefined;
    },
    findByUid: (uid) => findWhere('uid', uid),
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
