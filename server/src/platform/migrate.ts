import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(fileURLToPath(import.meta.url), '../../../migrations');

/** Arbitrary constant shared by every Guildhall node: the advisory lock that serialises migrations. */
const MIGRATION_LOCK_ID = 7_041_202_611;

export interface MigrationResult {
  applied: string[];
}

async function listMigrations(): Promise<{ name: string; file: string }[]> {
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file)).sort();
  return files.map((file) => ({ name: file.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, file) }));
}

/**
 * Applies the numbered SQL files in `migrations/` that have not run yet, all in one transaction
 * under a transaction-scoped advisory lock, so several nodes starting at once apply each file
 * exactly once and a failing file leaves the schema as it was.
 */
export async function migrate(db: Db): Promise<MigrationResult> {
  const migrations = await listMigrations();
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(tx);
    await sql`
      create table if not exists schema_migrations (
        name varchar(128) primary key,
        applied_at timestamptz not null default now()
      )`.execute(tx);
    const done = new Set(
      (await sql<{ name: string }>`select name from schema_migrations`.execute(tx)).rows.map((row) => row.name),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      const text = await fs.readFile(migration.file, 'utf8');
      try {
        await sql.raw(text).execute(tx);
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      await sql`insert into schema_migrations (name) values (${migration.name})`.execute(tx);
      applied.push(migration.name);
    }
    return { applied };
  });
}
