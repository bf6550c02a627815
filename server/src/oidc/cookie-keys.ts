import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';
import { nanoid } from '../platform/ids.ts';

const COOKIE_KEY_LOCK_ID = 7_041_202_614;

/**
 * The secrets that sign oidc-provider's cookies, newest first, shared by every node through the
 * database. Created on first start under an advisory lock so that nodes starting together agree.
 */
export async function loadCookieKeys(db: Db): Promise<string[]> {
  const read = async () =>
    (await db.selectFrom('oidcCookieKeys').select('secret').orderBy('createdAt', 'desc').execute()).map((row) => row.secret);
  const keys = await read();
  if (keys.length) return keys;
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${COOKIE_KEY_LOCK_ID})`.execute(tx);
    const existing = await tx.selectFrom('oidcCookieKeys').select('id').executeTakeFirst();
    if (!existing) {
      await tx.insertInto('oidcCookieKeys').values({ id: nanoid(16), secret: randomBytes(32).toString('base64url') }).execute();
    }
  });
  return read();
}
