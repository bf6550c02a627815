import { sql } from 'kysely';
import { ConfigError } from '../platform/config.ts';
import type { Db } from '../platform/database.ts';

/**
 * Fixed-window counters in PostgreSQL, so that every node counts together. A limit of 0 turns a
 * counter off. Configured by environment variables (defaults generous enough for tests):
 *
 * | variable                                   | default | counts                                     |
 * |--------------------------------------------|---------|--------------------------------------------|
 * | GUILDHALL_RATE_LIMIT_WINDOW_SECONDS        | 60      | the window length                          |
 * | GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT   | 10      | failed sign-ins per identifier             |
 * | GUILDHALL_RATE_LIMIT_SIGN_IN_PER_IP        | 60      | sign-in and registration attempts per IP   |
 * | GUILDHALL_RATE_LIMIT_TOKEN_PER_IP          | 6000    | token requests per client IP               |
 * | GUILDHALL_RATE_LIMIT_TOKEN_PER_CLIENT      | 6000    | token requests per authenticated client    |
 */
export interface RateLimits {
  windowSeconds: number;
  signInPerAccount: number;
  signInPerIp: number;
  tokenPerIp: number;
  tokenPerClient: number;
}

function parseLimit(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(key, `must be a non-negative integer, got "${raw}"`);
  return value;
}

export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  const windowSeconds = parseLimit(env, 'GUILDHALL_RATE_LIMIT_WINDOW_SECONDS', 60);
  if (windowSeconds === 0) throw new ConfigError('GUILDHALL_RATE_LIMIT_WINDOW_SECONDS', 'must be at least 1');
  return {
    windowSeconds,
    signInPerAccount: parseLimit(env, 'GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT', 10),
    signInPerIp: parseLimit(env, 'GUILDHALL_RATE_LIMIT_SIGN_IN_PER_IP', 60),
    tokenPerIp: parseLimit(env, 'GUILDHALL_RATE_LIMIT_TOKEN_PER_IP', 6000),
    tokenPerClient: parseLimit(env, 'GUILDHALL_RATE_LIMIT_TOKEN_PER_CLIENT', 6000),
  };
}

export interface RateLimiter {
  limits: RateLimits;
  /**
   * Counts one hit on each key and returns the seconds to wait when any count is now over its
   * limit (undefined when all are within).
   */
  hit(entries: Array<{ key: string; limit: number }>): Promise<number | undefined>;
  /** The seconds to wait if `key` is already over `limit`, without counting a hit. */
  peek(key: string, limit: number): Promise<number | undefined>;
  /** Removes finished windows (any node may run it). */
  prune(): Promise<void>;
}

export function createRateLimiter(db: Db, limits: RateLimits): RateLimiter {
  const window = limits.windowSeconds;
  const windowStart = () => new Date(Math.floor(Date.now() / (window * 1000)) * window * 1000);
  const retryAfter = (start: Date) => Math.max(1, Math.ceil((start.getTime() + window * 1000 - Date.now()) / 1000));

  return {
    limits,
    async hit(entries) {
      const active = entries.filter((entry) => entry.limit > 0);
      if (!active.length) return undefined;
      const start = windowStart();
      const rows = await db
        .insertInto('rateLimitCounters')
        .values(active.map(({ key }) => ({ key, windowStart: start })))
        .onConflict((conflict) => conflict.columns(['key', 'windowStart']).doUpdateSet({ count: sql`rate_limit_counters.count + 1` }))
        .returning(['key', 'count'])
        .execute();
      const over = rows.some((row) => row.count > active.find((entry) => entry.key === row.key)!.limit);
      return over ? retryAfter(start) : undefined;
    },
    async peek(key, limit) {
      if (limit <= 0) return undefined;
      const start = windowStart();
      const row = await db
        .selectFrom('rateLimitCounters')
        .select('count')
        .where('key', '=', key)
        .where('windowStart', '=', start.toISOString() as never)
        .executeTakeFirst();
      return row && row.count >= limit ? retryAfter(start) : undefined;
    },
    async prune() {
      await db.deleteFrom('rateLimitCounters').where('windowStart', '<', new Date(Date.now() - 2 * window * 1000).toISOString() as never).execute();
    },
  };
}
