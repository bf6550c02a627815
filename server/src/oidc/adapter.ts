import { sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import { findClientMetadata } from './clients.ts';

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

  const findWhere = async (column: 'id' | 'uid' | 'userCode', value: string) => {
    let query = db
      .selectFrom('oidcModelInstances')
      .select(['payload', 'consumedAt'])
      .where('modelName', '=', modelName)
      .where('expiresAt', '>', sql<number>`now()`);
    query =
      column === 'id'
        ? query.where('id', '=', value)
        : query.where(sql`payload ->> ${column}`, '=', value);
    const row = await query.executeTakeFirst();
    return row ? live(row.payload as AdapterPayload, row.consumedAt) : undefined;
  };

  return {
    async upsert(id, payload, expiresIn) {
      const expiresAt = new Date(Date.now() + (expiresIn ?? 14 * 24 * 3600) * 1000);
      await db
        .insertInto('oidcModelInstances')
        .values({ modelName, id, payload: JSON.stringify(payload), expiresAt })
        .onConflict((conflict) =>
          conflict.columns(['modelName', 'id']).doUpdateSet({ payload: JSON.stringify(payload), expiresAt }),
        )
        .execute();
    },
    find: (id) => findWhere('id', id),
    findByUid: (uid) => findWhere('uid', uid),
    findByUserCode: (userCode) => findWhere('userCode', userCode),
    async consume(id) {
      await db
        .updateTable('oidcModelInstances')
        .set({ consumedAt: sql<string>`now()` })
        .where('modelName', '=', modelName)
        .where('id', '=', id)
        .execute();
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
