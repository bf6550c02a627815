import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import { GuildhallCamelCasePlugin } from './camel-case.ts';
import { lockDataDirectory } from './data-dir-lock.ts';
import { postgresDialect } from './postgres-driver.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A query function takes either the database or an open transaction as its first argument. */
export type Executor = Db | Tx;

/**
 * Column values come back the same from both drivers: timestamps as epoch milliseconds (the
 * API's wire format), counts (int8) as numbers.
 */
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
const TIMESTAMP_TEXT = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,3})\d*)?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/;

/**
 * Every form PostgreSQL's ISO output takes: offsets with minutes or seconds (historical local
 * mean times such as +05:21:10), BC years, years beyond 9999; zoneless `timestamp` as UTC.
 */
function parseTimestampSlowly(value: string): number {
  const match = TIMESTAMP_TEXT.exec(value);
  if (!match) return new Date(value).getTime();
  const [, year, month, day, hour, minute, second, fraction = '0', sign, offsetHours = '0', offsetMinutes = '0', offsetSeconds = '0', bc] = match;
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0')));
  const offset = (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds)) * 1000;
  return date.getTime() - (sign === '-' ? -offset : offset);
}

const digits = (value: string, start: number, end: number) => {
  let result = 0;
  for (let i = start; i < end; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    result = result * 10 + digit;
  }
  return result;
};

/**
 * PostgreSQL's ISO text form, `2026-11-28 15:45:04.123456+00` (fraction optional, whole-hour
 * offset), without a regular expression or a Date: every row of a list has two or three of them.
 * Anything else (minute offsets, BC dates, infinity, a zoneless timestamp) takes the slow path.
 */
export function parseTimestamp(value: string): number {
  const length = value.length;
  const sign = value.charCodeAt(length - 3);
  if (length < 22 || value.charCodeAt(10) !== 32 || (sign !== 43 && sign !== 45)) return parseTimestampSlowly(value);
  let milliseconds = 0;
  if (value.charCodeAt(19) === 46) {
    // Truncated to milliseconds, as Date does.
    for (let i = 20, scale = 100; i < 23 && i < length - 3; i++, scale /= 10) milliseconds += (value.charCodeAt(i) - 48) * scale;
  } else if (length !== 22) return parseTimestampSlowly(value);
  const year = digits(value, 0, 4);
  if (!(year >= 100)) return parseTimestampSlowly(value);
  const offsetHours = digits(value, length - 2, length) * (sign === 43 ? 1 : -1);
  const result =
    Date.UTC(year, digits(value, 5, 7) - 1, digits(value, 8, 10), digits(value, 11, 13), digits(value, 14, 16), digits(value, 17, 19), milliseconds) -
    offsetHours * 3_600_000;
  return Number.isNaN(result) ? parseTimestampSlowly(value) : result;
}
const parseInt8 = (value: string) => Number(value);

const TEXT_ARRAY = 1009;
const VARCHAR_ARRAY = 1015;
const parseStringArraySlowly = (pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => Array<string | null>)(VARCHAR_ARRAY, 'text');
/** Characters that make PostgreSQL quote an element, or mark a NULL or a nested array. */
const NOT_PLAIN = /["\\{}\s]|NULL/;

/**
 * A one-dimensional array of plain elements, `{a,b}` (ids, role names without spaces), by
 * splitting: PostgreSQL quotes any element holding a quote, backslash, brace, comma or white
 * space, or spelt NULL, so without those none holds a comma. Anything else (quoted elements,
 * NULLs, nesting, explicit bounds) takes the general parser, which costs ~0.4 µs per value even
 * for two ids — a member page has twenty. Only `pg` uses it: PGlite parses array types itself and
 * passes them over the parsers it is given.
 */
function parseStringArray(value: string): Array<string | null> {
  if (value.charCodeAt(0) !== 123 || value.charCodeAt(value.length - 1) !== 125) return parseStringArraySlowly(value);
  const inner = value.slice(1, -1);
  if (inner === '') return [];
  return NOT_PLAIN.test(inner) ? parseStringArraySlowly(value) : inner.split(',');
}

/** The parsers above by type OID, for both drivers. */
const COLUMN_PARSERS = {
  [TIMESTAMPTZ]: parseTimestamp,
  [TIMESTAMP]: parseTimestampSlowly,
  [INT8]: parseInt8,
  [TEXT_ARRAY]: parseStringArray,
  [VARCHAR_ARRAY]: parseStringArray,
};

/**
 * A sentence for the operator when PostgreSQL could not be reached or refused the connection at
 * start-up (undefined for any other error). The URL is shown without its password.
 */
export function describeConnectionFailure(error: unknown, databaseUrl: string): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const where = (() => {
    try {
      const url = new URL(databaseUrl);
      if (url.password) url.password = '***';
      return url.href;
    } catch {
      return 'DATABASE_URL';
    }
  })();
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening there',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name does not resolve',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    '28P01': 'the password was refused',
    '28000': 'the server refused this user or address (pg_hba.conf)',
    '3D000': 'the database does not exist (create it first)',
  };
  const reason = typeof code === 'string' ? reasons[code] : undefined;
  return reason ? `Cannot use PostgreSQL at ${where}: ${reason} (${String(code)}). Check DATABASE_URL.` : undefined;
}

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const camelCase = new GuildhallCamelCasePlugin();
    const db = new Kysely<Database>({
      dialect: postgresDialect({
        url: options.databaseUrl,
        poolSize: options.poolSize ?? 10,
        parsers: COLUMN_PARSERS,
        rows: camelCase.rowsFromArrays,
      }),
      plugins: [camelCase],
    });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  await fs.mkdir(options.dataDir, { recursive: true });
  const unlock = await lockDataDirectory(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: options.dataDir,
      extensions: { pg_trgm },
      parsers: COLUMN_PARSERS,
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  const { PGliteDialect } = await import('./pglite-driver.ts');
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new GuildhallCamelCasePlugin()] });
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      await unlock();
    },
  };
}
