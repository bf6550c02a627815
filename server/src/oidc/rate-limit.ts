import { isIPv4, isIPv6 } from 'node:net';
import { sql } from 'kysely';
import type { Db } from '../platform/database.ts';

import type { RateLimits } from '../platform/config.ts';

/**
 * Fixed-window counters in PostgreSQL, so that every node counts together. A limit of 0 turns a
 * counter off. The limits come from the configuration (GUILDHALL_RATE_LIMIT_*, docs/configuration.md).
 *
 * Two ways of counting:
 * - `hit`/`peek` (sign-in): every attempt is counted in the database before it is answered, so the
 *   limit is exact across nodes. Sign-in is slow by design (argon2id), so the round trip is cheap.
 * - `count` (the token endpoint): counted in this process at once and added to the shared counter
 *   in one statement per {@link FLUSH_MS} for all keys. Each flush returns the shared count, which
 *   this node then adds its new hits to. Within one node the limit is exact; across nodes a node
 *   can admit what it receives between two of its flushes before it sees the others' counts.
 *   Before, every token request upserted both of its counters, all of a client's requests updating
 *   one row in turn: that capped one client at a few hundred tokens per second (docs/benchmarks.md).
 */
export interface RateLimiter {
  limits: RateLimits;
  /**
   * Counts one hit on each key in the database and returns the seconds to wait when any count is
   * now over its limit (undefined when all are within).
   */
  hit(entries: Array<{ key: string; limit: number }>): Promise<number | undefined>;
  /** The seconds to wait if any key is already at its limit, without counting a hit (one query). */
  peek(entries: Array<{ key: string; limit: number }>): Promise<number | undefined>;
  /** Like `hit`, counted in this process first and shared with the other nodes within {@link FLUSH_MS}. */
  count(entries: Array<{ key: string; limit: number }>): number | undefined;
  /** Removes finished windows (any node may run it). */
  prune(): Promise<void>;
  /** Flushes what is pending and stops the flush timer. */
  close(): Promise<void>;
}

/**
 * The client a per-IP limit counts: an IPv4 address as it is (an IPv4-mapped IPv6 address too),
 * an IPv6 address by its /64 network. One IPv6 subscriber or host is usually given a whole /64
 * and can pick a new address in it for every request, so counting single addresses would let it
 * off every per-IP limit.
 */
export function clientAddressKey(ip: string): string {
  const address = ip.split('%', 1)[0]!; // an IPv6 zone (fe80::1%eth0)
  if (!isIPv6(address)) return address;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 address (the last group) stands for two groups.
  const width = (groups: string[]) => groups.length + (groups.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** How long a node's token-endpoint hits wait before they are added to the shared counters. */
export const FLUSH_MS = 100;
const FLUSH_ROWS = 5_000;

interface LocalCounter {
  windowStart: number;
  /** Hits counted here and not yet added to the shared counter. */
  pending: number;
  /** The shared counter as of this node's last flush (its own flushed hits included). */
  shared: number;
}

export function createRateLimiter(db: Db, limits: RateLimits, onFlushError: (error: unknown) => void = () => {}): RateLimiter {
  const window = limits.windowSeconds;
  const windowStartMs = () => Math.floor(Date.now() / (window * 1000)) * window * 1000;
  const windowStart = () => new Date(windowStartMs());
  const retryAfter = (start: Date | number) => Math.max(1, Math.ceil((new Date(start).getTime() + window * 1000 - Date.now()) / 1000));

  const local = new Map<string, LocalCounter>();
  let timer: NodeJS.Timeout | undefined;

  async function addPending(): Promise<void> {
    const current = windowStartMs();
    const batch: Array<{ key: string; counter: LocalCounter; delta: number }> = [];
    for (const [key, counter] of local) {
      if (counter.pending > 0) batch.push({ key, counter, delta: counter.pending });
      else if (counter.windowStart < current) local.delete(key); // a finished window, nothing pending
    }
    if (!batch.length) return;
    // Moved to `shared` now, so that hits arriving during the statement are counted on top.
    for (const entry of batch) (entry.counter.pending -= entry.delta), (entry.counter.shared += entry.delta);
    // In statements of at most FLUSH_ROWS keys (3 parameters each; PostgreSQL takes 65,535).
    for (let offset = 0; offset < batch.length; offset += FLUSH_ROWS) {
      const chunk = batch.slice(offset, offset + FLUSH_ROWS);
      try {
        const rows = await db
          .insertInto('rateLimitCounters')
          .values(chunk.map(({ key, counter, delta }) => ({ key, windowStart: new Date(counter.windowStart), count: delta })))
          .onConflict((conflict) => conflict.columns(['key', 'windowStart']).doUpdateSet({ count: sql`rate_limit_counters.count + excluded.count` }))
          .returning(['key', 'windowStart', 'count'])
          .execute();
        for (const row of rows) {
          const counter = local.get(row.key);
          if (counter && counter.windowStart === Number(row.windowStart)) counter.shared = Math.max(counter.shared, row.count);
        }
      } catch (error) {
        // Not shared: counted again at the next flush.
        for (const entry of batch.slice(offset)) (entry.counter.pending += entry.delta), (entry.counter.shared -= entry.delta);
        throw error;
      }
    }
  }

  /** One flush at a time: each runs after the one before it has finished. */
  let chain: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    if (timer) (clearTimeout(timer), (timer = undefined));
    const run = chain.then(addPending);
    chain = run.catch(() => {});
    return run;
  }

  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch(onFlushError);
    }, FLUSH_MS);
    timer.unref();
  };

  return {
    limits,
    count(entries) {
      const active = entries.filter((entry) => entry.limit > 0);
      if (!active.length) return undefined;
      const start = windowStartMs();
      let over = false;
      for (const { key, limit } of active) {
        let counter = local.get(key);
        if (!counter || counter.windowStart !== start) local.set(key, (counter = { windowStart: start, pending: 0, shared: 0 }));
        counter.pending += 1;
        if (counter.shared + counter.pending > limit) over = true;
      }
      schedule();
      return over ? retryAfter(start) : undefined;
    },
    async close() {
      if (timer) (clearTimeout(timer), (timer = undefined));
      await flush();
    },
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
    async peek(entries) {
      const active = entries.filter((entry) => entry.limit > 0);
      if (!active.length) return undefined;
      const start = windowStart();
      const rows = await db
        .selectFrom('rateLimitCounters')
        .select(['key', 'count'])
        .where('key', 'in', active.map((entry) => entry.key))
        .where('windowStart', '=', start.toISOString() as never)
        .execute();
      const over = rows.some((row) => row.count >= active.find((entry) => entry.key === row.key)!.limit);
      return over ? retryAfter(start) : undefined;
    },
    async prune() {
      await db.deleteFrom('rateLimitCounters').where('windowStart', '<', new Date(Date.now() - 2 * window * 1000).toISOString() as never).execute();
    },
  };
}
