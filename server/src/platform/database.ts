import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { GuildhallCamelCasePlugin } from './camel-case.ts';
import pg from 'pg';
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
const parseTimestamp = (value: string) => new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).getTime();
const parseInt8 = (value: string) => Number(value);

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
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (value: string) => parseTimestamp(value);
          if (oid === INT8) return parseInt8;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // A failed idle connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new GuildhallCamelCasePlugin()] });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  await fs.mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { pg_trgm },
    parsers: { [TIMESTAMPTZ]: parseTimestamp, [TIMESTAMP]: parseTimestamp, [INT8]: parseInt8 },
  });
  const { PGliteDialect } = await import('./pglite-driver.ts');
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new GuildhallCamelCasePlugin()] });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
