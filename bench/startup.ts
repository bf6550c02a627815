/**
 * Guildhall's own start-up time, beyond opening the database: `buildGuildhall` reports
 * `timings.openDatabase` and `timings.startup` (migrations check, bootstrap, keys, oidc-provider,
 * routes, `ready()`). Each run is a fresh Node process (cold module cache, as in production) on an
 * already-migrated database; the median of the runs is compared with the 500 ms target.
 *
 *   node --import tsx bench/startup.ts                  # PGlite (.tmp/bench-startup-pglite) and PostgreSQL
 *   node --import tsx bench/startup.ts --runs 7 --db pglite
 *
 * Options: --runs <n> (5), --db pglite|postgres|both (both). PostgreSQL: BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/guildhall_bench). `--profile` writes a
 * profile of one run's start-up phase (node:inspector) to .tmp/ and prints where the time goes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { argument } from './seed.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 500;

// Child mode: build once, print the timings as JSON, exit. With PROFILE_STARTUP_TO=<file>, the
// database is opened first and only Guildhall's start-up is profiled (node:inspector).
if (process.argv.includes('--child')) {
  const { buildGuildhall } = await import('../server/src/app.ts');
  const { loadConfig } = await import('../server/src/platform/config.ts');
  const { openDatabase } = await import('../server/src/platform/database.ts');
  const config = loadConfig({
    ...process.env,
    GUILDHALL_LOG_LEVEL: 'warn',
    GUILDHALL_ADMIN_CLIENT_ID: 'bench-admin',
    GUILDHALL_ADMIN_CLIENT_SECRET: 'bench-admin-secret-0123456789',
  });
  const profileTo = process.env.PROFILE_STARTUP_TO;
  if (profileTo) {
    const { Session } = await import('node:inspector/promises');
    const database = await openDatabase(config);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const guildhall = await buildGuildhall(config, { database });
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(profileTo, JSON.stringify(profile));
    process.stdout.write(`${JSON.stringify({ ...guildhall.timings, sinceProcessStart: performance.now() })}\n`);
    await guildhall.close();
    await database.close();
    process.exit(0);
  }
  const guildhall = await buildGuildhall(config);
  process.stdout.write(`${JSON.stringify({ ...guildhall.timings, sinceProcessStart: performance.now() })}\n`);
  await guildhall.close();
  process.exit(0);
}

const runs = Number(argument('runs') ?? 5);
const which = argument('db') ?? 'both';
const profile = process.argv.includes('--profile');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall_bench';
const pgliteDir = path.join(root, '.tmp/bench-startup-pglite');

interface Timings {
  openDatabase: number;
  startup: number;
  sinceProcessStart: number;
}

function runOnce(env: Record<string, string>): Timings {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/startup.ts', '--child'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  // The timings are the child's last line; Guildhall's own log lines (JSON too) may come before it.
  const timings = parseTimings(result.stdout.trimEnd().split('\n').at(-1) ?? '');
  if (result.status !== 0 || !timings) throw new Error(`start-up run failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return timings;
}

function parseTimings(line: string): Timings | undefined {
  try {
    const value = JSON.parse(line) as Partial<Timings> | null;
    return typeof value?.startup === 'number' && typeof value.openDatabase === 'number' ? (value as Timings) : undefined;
  } catch {
    return undefined;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function measure(label: string, env: Record<string, string>) {
  runOnce(env); // the first start migrates and bootstraps; it is not measured
  const samples = Array.from({ length: runs }, () => runOnce(env));
  const startup = median(samples.map((s) => s.startup));
  const open = median(samples.map((s) => s.openDatabase));
  const wall = median(samples.map((s) => s.sinceProcessStart));
  const verdict = startup < TARGET_MS ? 'meets' : `misses by ${Math.round(startup - TARGET_MS)} ms`;
  console.log(
    `| ${label} | ${Math.round(open)} | **${Math.round(startup)}** | ${Math.round(wall)} | ${samples.map((s) => Math.round(s.startup)).join(', ')} | ${verdict} |`,
  );
  if (profile) {
    const file = path.join(root, '.tmp', `startup-${label.replace(/\W+/g, '-')}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const timings = runOnce({ ...env, PROFILE_STARTUP_TO: file });
    console.log(`\n  profile of Guildhall's start-up only (${Math.round(timings.startup)} ms under the profiler), ${file}:`);
    summarizeProfile(file);
    console.log('');
  }
}

/** Top self time by function in a .cpuprofile, to see what dominates start-up. */
function summarizeProfile(file: string) {
  const profileData = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: Array<{ id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byNode = new Map(profileData.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profileData.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Inclusive time of Guildhall's own functions (each counted once per sample).
  const inclusive = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  profileData.samples.forEach((id, index) => {
    const node = byNode.get(id)!;
    const ms = (profileData.timeDeltas[index] ?? 0) / 1000;
    const url = node.callFrame.url.replace(`file://${root}/`, '');
    const place = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
    selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + ms);
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('server/') ? 'guildhall' : url.startsWith('node:') ? 'node core' : node.callFrame.functionName || '(other)');
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byNode.get(at)!.callFrame;
      const where = frame.url.replace(`file://${root}/`, '');
      if (!where.startsWith('server/src/')) continue;
      const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  console.log(`  self time by package:\n${top(selfByPackage, 8)}\n  self time by function:\n${top(selfByPlace, 8)}\n  total time in Guildhall functions:\n${top(inclusive, 12)}`);
}

console.log(`Start-up beyond opening the database, median of ${runs} fresh processes (Node ${process.version}); target < ${TARGET_MS} ms\n`);
console.log('| database | open database ms | Guildhall start-up ms | process start → ready ms | runs (start-up ms) | target |');
console.log('|---|---:|---:|---:|---|---|');
if (which === 'both' || which === 'pglite') measure('PGlite (migrated data dir)', { DATABASE_URL: '', GUILDHALL_DATA_DIR: pgliteDir });
if (which === 'both' || which === 'postgres') measure('PostgreSQL 15', { DATABASE_URL: databaseUrl });
