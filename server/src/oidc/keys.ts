import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { sql } from 'kysely';
import { nanoid } from '../platform/ids.ts';
import type { Db } from '../platform/database.ts';
import { SIGNING_ALG } from './clients.ts';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  retired: boolean;
}

const KEY_LOCK_ID = 7_041_202_612;

async function newPrivateJwk(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG, use: 'sig' };
}

function toPublic(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return publicJwk;
}

/**
 * Loads the published signing keys, newest active key first; creates the first key if there is
 * none, under an advisory lock so that nodes starting together agree on one.
 */
export async function loadSigningKeys(db: Db): Promise<SigningKey[]> {
  const read = () =>
    db
      .selectFrom('oidcSigningKeys')
      .select(['id', 'privateJwk', 'retiredAt'])
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', sql<number>`now()`)]))
      .orderBy(sql`retired_at is not null`)
      .orderBy('createdAt', 'desc')
      .execute();
  let rows = await read();
  if (!rows.some((row) => row.retiredAt === null)) {
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${KEY_LOCK_ID})`.execute(tx);
      const active = await tx.selectFrom('oidcSigningKeys').select('id').where('retiredAt', 'is', null).executeTakeFirst();
      if (active) return;
      const kid = nanoid(16);
      await tx.insertInto('oidcSigningKeys').values({ id: kid, privateJwk: JSON.stringify(await newPrivateJwk(kid)) }).execute();
    });
    rows = await read();
  }
  return rows.map((row) => {
    const privateJwk = row.privateJwk as JWK;
    return { kid: row.id, privateJwk, publicJwk: toPublic(privateJwk), retired: row.retiredAt !== null };
  });
}

/**
 * Makes a new key the signing key. The previous keys stay published for `overlapSeconds` so that
 * tokens they signed keep verifying until they expire.
 */
export async function rotateSigningKey(db: Db, overlapSeconds: number): Promise<{ kid: string }> {
  const kid = nanoid(16);
  const privateJwk = await newPrivateJwk(kid);
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${KEY_LOCK_ID})`.execute(tx);
    await tx
      .updateTable('oidcSigningKeys')
      .set({ retiredAt: sql<string>`now()`, expiresAt: sql<string>`now() + make_interval(secs => ${overlapSeconds})` })
      .where('retiredAt', 'is', null)
      .execute();
    await tx.insertInto('oidcSigningKeys').values({ id: kid, privateJwk: JSON.stringify(privateJwk) }).execute();
  });
  return { kid };
}
