import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';

import type { RateLimits } from '../platform/config.ts';

/**
 * Fixed-window counters in PostgreSQL, so that every node counts together. A limit of 0 turns a
 * counter off. The limits come from the configuration (GUILDHALL_RATE_LIMIT_*, docs/configuration.md).
 */
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
