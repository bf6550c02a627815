/**
 * Seeds a realistic Guildhall dataset straight in SQL (generate_series, not the API):
 * an organization template of 20 permissions and 8 roles, 100k users, 10k organizations and
 * 500k memberships (each user in 5 organizations) with 1–2 roles each. Progress on stderr.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/guildhall_bench node --import tsx bench/seed.ts
 *   GUILDHALL_DATA_DIR=.tmp/bench-pglite node --import tsx bench/seed.ts --scale 0.1
 *
 * Options: --scale <f> (multiplies users and organizations), --reset (drop the bench rows first).
 * Idempotent: a database already holding the bench rows at that scale is left alone.
 * Bench rows have recognisable ids: users `bu…`, organizations `bo…`, template `bs…`/`br…`.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../server/src/platform/database.ts';
import { migrate } from '../server/src/platform/migrate.ts';

export interface SeedOptions {
  users: number;
  organizations: number;
  /** Organizations per user; users × this = memberships. */
  membershipsPerUser: number;
  reset?: boolean;
}

export const fullScale: SeedOptions = { users: 100_000, organizations: 10_000, membershipsPerUser: 5 };

export function scaled(scale: number): SeedOptions {
  return {
    users: Math.round(fullScale.users * scale),
    organizations: Math.max(10, Math.round(fullScale.organizations * scale)),
    membershipsPerUser: fullScale.membershipsPerUser,
  };
}

export const SCOPES = 20;
export const ROLES = 8;
export const userId = (n: number) => `bu${String(n).padStart(9, '0')}`;
export const organizationId = (n: number) => `bo${String(n).padStart(9, '0')}`;

function progress(label: string, done: number, total: number) {
  if (!process.stderr.isTTY && done !== total && done !== 0) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r${label.padEnd(28)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}${done === total ? '\n' : ''}`,
  );
}

/** Runs `chunk(from, to)` over 1..total in slices, with a progress bar. */
async function inChunks(label: string, total: number, size: number, chunk: (from: number, to: number) => Promise<unknown>) {
  progress(label, 0, total);
  for (let from = 1; from <= total; from += size) {
    const to = Math.min(total, from + size - 1);
    await chunk(from, to);
    progress(label, to, total);
  }
}

export async function seed(db: Db, options: SeedOptions): Promise<{ seeded: boolean; ms: number }> {
  const started = performance.now();
  const { users, organizations, membershipsPerUser } = options;
  if (options.reset) await reset(db);
  const existing = await sql<{ count: number }>`select count(*)::int as count from users where id like 'bu%'`.execute(db);
  const existingOrgs = await sql<{ count: number }>`select count(*)::int as count from organizations where id like 'bo%'`.execute(db);
  if (existing.rows[0]!.count === users && existingOrgs.rows[0]!.count === organizations) {
    process.stderr.write(`bench data already present (${users.toLocaleString('en')} users, ${organizations.toLocaleString('en')} organizations)\n`);
    return { seeded: false, ms: performance.now() - started };
  }
  if (existing.rows[0]!.count > 0 || existingOrgs.rows[0]!.count > 0) await reset(db);

  // The organization template: 20 permissions, 8 roles; role r holds scopes 1..(r*2+4).
  await sql`
    insert into organization_scopes (id, name, description)
    select 'bs' || lpad(g::text, 9, '0'), 'bench:scope:' || g, 'Bench permission ' || g
    from generate_series(1, ${SCOPES}::int) g`.execute(db);
  await sql`
    insert into organization_roles (id, name, description)
    select 'br' || lpad(g::text, 9, '0'), 'bench-role-' || g, 'Bench role ' || g
    from generate_series(1, ${ROLES}::int) g`.execute(db);
  await sql`
    insert into organization_role_scope_relations (organization_role_id, organization_scope_id)
    select 'br' || lpad(r::text, 9, '0'), 'bs' || lpad(s::text, 9, '0')
    from generate_series(1, ${ROLES}::int) r, generate_series(1, ${SCOPES}::int) s
    where s <= least(${SCOPES}::int, r * 2 + 4)`.execute(db);
  progress('organization template', 1, 1);

  await inChunks('users', users, 20_000, (from, to) =>
    sql`
      insert into users (id, username, primary_email, name, custom_data, created_at, updated_at)
      select 'bu' || lpad(g::text, 9, '0'), 'bench_user_' || g, 'bench' || g || '@example.com', 'Bench User ' || g,
             jsonb_build_object('plan', case when g % 3 = 0 then 'pro' else 'free' end),
             now() - make_interval(secs => ${users}::int - g), now()
      from generate_series(${from}::int, ${to}::int) g`.execute(db),
  );

  await inChunks('organizations', organizations, 10_000, (from, to) =>
    sql`
      insert into organizations (id, name, description, custom_data, created_at)
      select 'bo' || lpad(g::text, 9, '0'), 'Bench Organization ' || g, 'Organization number ' || g,
             jsonb_build_object('tier', g % 4), now() - make_interval(secs => ${organizations}::int - g)
      from generate_series(${from}::int, ${to}::int) g`.execute(db),
  );

  // User g joins organizations (g + k·stride) mod N for k < membershipsPerUser: distinct for each
  // user, and every organization gets users × k / N members.
  const stride = Math.max(1, Math.floor(organizations / membershipsPerUser));
  const userChunk = 10_000;
  await inChunks(`memberships (${(users * membershipsPerUser).toLocaleString('en')})`, users, userChunk, (from, to) =>
    sql`
      insert into organization_user_relations (organization_id, user_id, status, joined_at)
      select 'bo' || lpad(((g + k * ${stride}::int) % ${organizations}::int + 1)::text, 9, '0'),
             'bu' || lpad(g::text, 9, '0'),
             (case when (g + k) % 50 = 0 then 'Suspended' else 'Active' end)::membership_status,
             now() - make_interval(secs => g)
      from generate_series(${from}::int, ${to}::int) g, generate_series(0, ${membershipsPerUser - 1}::int) k`.execute(db),
  );

  // Every membership gets one role; a third get a second one.
  await inChunks('membership roles', users, userChunk, (from, to) =>
    sql`
      insert into organization_role_user_relations (organization_id, user_id, organization_role_id)
      select 'bo' || lpad(((g + k * ${stride}::int) % ${organizations}::int + 1)::text, 9, '0'),
             'bu' || lpad(g::text, 9, '0'),
             'br' || lpad(r::text, 9, '0')
      from generate_series(${from}::int, ${to}::int) g, generate_series(0, ${membershipsPerUser - 1}::int) k,
           lateral (select ((g + k) % ${ROLES}::int) + 1 as r
                    union all
                    select ((g + k + 3) % ${ROLES}::int) + 1 where (g + k) % 3 = 0) roles`.execute(db),
  );

  // Vacuum too: index-only scans need the visibility map, and the shared bench server runs
  // without autovacuum.
  process.stderr.write('vacuum analyze…\n');
  await sql`vacuum analyze`.execute(db);
  return { seeded: true, ms: performance.now() - started };
}

async function reset(db: Db) {
  process.stderr.write('removing earlier bench rows…\n');
  await sql`delete from organizations where id like 'bo%'`.execute(db);
  await sql`delete from users where id like 'bu%'`.execute(db);
  await sql`delete from organization_roles where id like 'br%'`.execute(db);
  await sql`delete from organization_scopes where id like 'bs%'`.execute(db);
}

/** Creates the PostgreSQL database `url` names when it does not exist yet (through the `postgres` database). */
export async function ensurePostgresDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      process.stderr.write(`creating database ${name}…\n`);
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

/** Argument `--name value` from argv. */
export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scale = Number(argument('scale') ?? 1);
  if (process.env.DATABASE_URL) await ensurePostgresDatabase(process.env.DATABASE_URL);
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.GUILDHALL_DATA_DIR ?? '.tmp/bench-pglite' });
  await migrate(handle.db);
  const options = { ...scaled(scale), reset: process.argv.includes('--reset') };
  const result = await seed(handle.db, options);
  process.stderr.write(`${result.seeded ? 'seeded' : 'kept'} in ${(result.ms / 1000).toFixed(1)} s\n`);
  await handle.close();
}
