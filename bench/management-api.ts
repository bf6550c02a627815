/**
 * Management API throughput: seeds the dataset if needed (bench/seed.ts), starts Guildhall on
 * 127.0.0.1 in a child process, gets a client-credentials token, then runs autocannon (50
 * connections, 10 s each) against four routes and prints a Markdown table.
 *
 *   node --import tsx bench/management-api.ts                       # PostgreSQL, 1 process
 *   node --import tsx bench/management-api.ts --db pglite --scale 0.1
 *
 * Options: --db postgres|pglite (default postgres), --workers <n> (default 1, as `npm start`;
 * PGlite is always 1; docs/benchmarks.md compares 1 and 2 on this machine), --duration <s> (10),
 * --warm-up <s> (2, unmeasured, per route), --connections <n> (50), --scale <f> (1 on PostgreSQL,
 * 0.1 on PGlite), --only <substring of a scenario name>, --runs <n> (1: measured runs per route after
 * its warm-up; with several, the table gives the median and the range), --profile <dir> (runs
 * Guildhall with --cpu-prof into <dir>; the profile covers the whole run, so use it with --only),
 * --node-flags "<flags>" (extra Node/V8 flags for the Guildhall process only, e.g. "--trace-gc"),
 * --server-log <file> (appends Guildhall's standard output there: what --trace-gc prints).
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/guildhall_bench,
 * created when missing). PGlite: BENCH_DATA_DIR (default .tmp/bench-pglite).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../server/src/platform/database.ts';
import { migrate } from '../server/src/platform/migrate.ts';
import { startCpuCount, type CpuSplit } from './cpu.ts';
import { describeMachine, measureMachine } from './machine.ts';
import { startGuildhall } from './guildhall-process.ts';
import { argument, ensurePostgresDatabase, organizationId, scaled, seed, userId } from './seed.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kind = (argument('db') ?? 'postgres') as 'postgres' | 'pglite';
const duration = Number(argument('duration') ?? 10);
const warmUp = Number(argument('warm-up') ?? 2);
const connections = Number(argument('connections') ?? 50);
const workers = kind === 'pglite' ? 1 : Number(argument('workers') ?? 1);
const scale = Number(argument('scale') ?? (kind === 'pglite' ? 0.1 : 1));
const only = argument('only');
const runs = Math.max(1, Number(argument('runs') ?? 1));
const profileDir = argument('profile');
const nodeFlags = argument('node-flags')?.split(/\s+/).filter(Boolean);
const serverLog = argument('server-log');
const port = Number(process.env.BENCH_PORT ?? 3917);
const endpoint = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall_bench';
const dataDir = path.resolve(root, process.env.BENCH_DATA_DIR ?? '.tmp/bench-pglite');

// 0. The machine, idle (bench/machine.ts).
const machine = await measureMachine();

// 1. Data.
if (kind === 'postgres') await ensurePostgresDatabase(databaseUrl);
const options = scaled(scale);
{
  const handle = await openDatabase(kind === 'postgres' ? { databaseUrl, dataDir: '' } : { dataDir });
  await migrate(handle.db);
  await seed(handle.db, options);
  // Earlier runs' inserts (the POST scenario) leave the visibility map behind, and the shared
  // bench server runs without autovacuum: start every run from a vacuumed database.
  if (kind === 'postgres') await sql`vacuum analyze organizations, users, organization_user_relations, organization_role_user_relations`.execute(handle.db);
  await handle.close();
}

// 2. Guildhall, in its own process(es).
const server = startGuildhall({
  port,
  workers,
  profileDir,
  nodeFlags,
  serverLog,
  env: kind === 'postgres' ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', GUILDHALL_DATA_DIR: dataDir },
});

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: () => string;
}

interface Measurement { requestsPerSecond: number; p50: number; p97_5: number; p99: number; non2xx: number; errors: number; cpu: CpuSplit }
const rows: { name: string; runs: Measurement[] }[] = [];
try {
  await server.ready();
  const bearer = await server.adminToken();
  // An organization with members (each has 50 at full scale) and one of its members with roles.
  // User g joins organization (g mod N) + 1 first; every 50th membership is suspended (seed.ts).
  const organization = organizationId(2);
  const member = userId(options.organizations + 1);
  let next = 0;
  const scenarios: Scenario[] = [
    // The floor: no token check and no database, so its tail is what HTTP, the event loop and the
    // load generator on the same two cores cost by themselves (docs/benchmarks.md, "The floor").
    { name: 'GET /api/status (floor)', method: 'GET', path: '/api/status' },
    { name: 'GET /api/organizations?page_size=20', method: 'GET', path: '/api/organizations?page_size=20' },
    { name: 'GET /api/organizations/:id/users?page_size=20', method: 'GET', path: `/api/organizations/${organization}/users?page_size=20` },
    { name: 'GET /api/organizations/:id/users/:userId/scopes', method: 'GET', path: `/api/organizations/${organization}/users/${member}/scopes` },
    {
      name: 'POST /api/organizations/:id/users',
      method: 'POST',
      // A different organization each time, adding one user who is not yet a member.
      path: '',
      body: () => JSON.stringify({ userIds: [userId(1 + (next % options.users))] }),
    },
  ];

  // Sanity: every scenario answers 2xx before we measure it.
  const scopesScenario = scenarios.find((scenario) => scenario.name.endsWith('/scopes'))!;
  const check = await fetch(`${endpoint}${scopesScenario.path}`, { headers: { authorization: `Bearer ${bearer}` } });
  const scopes = (await check.json()) as unknown[];
  if (!check.ok || !Array.isArray(scopes) || scopes.length === 0) throw new Error(`scopes route: ${check.status} ${JSON.stringify(scopes).slice(0, 200)}`);

  for (const scenario of scenarios) {
    if (only && !scenario.name.includes(only)) continue;
    process.stderr.write(`▶ ${scenario.name} (${connections} connections, ${warmUp} s warm-up + ${duration} s)\n`);
    const load = {
      url: endpoint,
      connections,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      requests: [
        scenario.body
          ? {
              method: 'POST' as const,
              setupRequest: (request: Record<string, unknown>) => {
                next++;
                // Organizations 3..N in turn, each time a user who is most likely not a member yet.
                const org = organizationId(3 + (next % (options.organizations - 2)));
                return { ...request, path: `/api/organizations/${org}/users`, body: scenario.body!() };
              },
            }
          : { method: scenario.method, path: scenario.path },
      ],
    };
    // Each route's validators and serializers compile on first use, and V8 optimises the hot
    // code only after a while: the warm-up keeps both out of the figures.
    if (warmUp > 0) await autocannon({ ...load, duration: warmUp });
    const measured: Measurement[] = [];
    for (let run = 0; run < runs; run++) {
      const cpuPerRequest = await startCpuCount(server.pid, kind === 'postgres' ? databaseUrl : undefined);
      const result = await autocannon({ ...load, duration });
      measured.push({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        cpu: cpuPerRequest((result.requests as unknown as { total: number }).total),
      });
      const last = measured.at(-1)!;
      if (runs > 1) {
        const cpu = `${Math.round(last.cpu.guildhall * 1000)} + ${Math.round(last.cpu.postgres * 1000)} µs`;
        console.log(`  run ${run + 1} of ${runs}: ${Math.round(last.requestsPerSecond).toLocaleString('en')} req/s, p99 ${last.p99} ms, ${cpu}`);
      }
    }
    rows.push({ name: scenario.name, runs: measured });
  }
} finally {
  await server.stopAndWait();
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n${kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}, ${workers} worker(s), ${options.users.toLocaleString('en')} users, ${options.organizations.toLocaleString('en')} organizations, ${(options.users * options.membershipsPerUser).toLocaleString('en')} memberships; ${connections} connections × ${duration} s; Node ${process.version}; ${os.cpus().length} × ${cpu}\n`);
console.log(`${describeMachine(machine)}; load average at the end: ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}\n`);
console.log(runs > 1 ? `${runs} runs per route: median [lowest–highest]\n` : '');
console.log('| route | req/s | p50 ms | p97.5 ms | p99 ms | non-2xx | errors | CPU µs/request: Guildhall + PostgreSQL (+ autocannon) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
const micros = (ms: number) => Math.round(ms * 1000);
/** The median of the runs, with their range when there are several. */
const spread = (values: number[], format: (value: number) => string = String) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = format(sorted[Math.floor(sorted.length / 2)]!);
  return sorted.length > 1 ? `${median} [${format(sorted[0]!)}–${format(sorted.at(-1)!)}]` : median;
};
const perSecond = (value: number) => Math.round(value).toLocaleString('en');
for (const { name, runs: measured } of rows) {
  const sum = (pick: (m: Measurement) => number) => measured.reduce((total, m) => total + pick(m), 0);
  console.log(
    `| \`${name}\` | ${spread(measured.map((m) => m.requestsPerSecond), perSecond)} | ${spread(measured.map((m) => m.p50))} | ` +
      `${spread(measured.map((m) => m.p97_5))} | ${spread(measured.map((m) => m.p99))} | ${sum((m) => m.non2xx)} | ${sum((m) => m.errors)} | ` +
      `${spread(measured.map((m) => micros(m.cpu.guildhall)))} + ${spread(measured.map((m) => micros(m.cpu.postgres)))} ` +
      `(+ ${spread(measured.map((m) => micros(m.cpu.loadGenerator)))}) |`,
  );
}
process.exit(0);
