/**
 * Guildhall in its own process for a benchmark: one process (server/src/main.ts, as `npm start`)
 * or node:cluster workers (server/src/cluster.ts), on 127.0.0.1, quiet logs, and a bootstrap
 * machine-to-machine app with Management API access whose token `adminToken` fetches.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BENCH_ADMIN = { id: 'bench-admin', secret: 'bench-admin-secret-0123456789' };

export function basicAuthorization(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function startGuildhall(options: {
  port: number;
  workers: number;
  /** Database settings and anything else for the server's environment. */
  env: Record<string, string>;
  /** Runs every process with --cpu-prof into this directory. */
  profileDir?: string | undefined;
  /** Extra V8/Node flags for the server processes only (e.g. GC settings), not for the load generator. */
  nodeFlags?: string[] | undefined;
  /** Appends the server's standard output to this file (e.g. what `--trace-gc` prints). */
  serverLog?: string | undefined;
  log?: (line: string) => void;
}) {
  const endpoint = `http://127.0.0.1:${options.port}`;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const entry = options.workers > 1 ? 'server/src/cluster.ts' : 'server/src/main.ts';
  const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.profileDir)] : [];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...profile, '--import', 'tsx', entry], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      GUILDHALL_ENDPOINT: endpoint,
      GUILDHALL_LOG_LEVEL: 'warn',
      GUILDHALL_WORKERS: String(options.workers),
      GUILDHALL_ADMIN_CLIENT_ID: BENCH_ADMIN.id,
      GUILDHALL_ADMIN_CLIENT_SECRET: BENCH_ADMIN.secret,
      ...options.env,
    },
  });
  let readyWorkers = 0;
  const serverLog = options.serverLog ? fs.createWriteStream(options.serverLog, { flags: 'a' }) : undefined;
  child.once('close', () => serverLog?.end()); // after the last of its output
  child.stdout!.on('data', (chunk: Buffer) => {
    serverLog?.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (!/ready at/.test(line)) continue;
      readyWorkers++;
      log(line);
    }
  });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('exit', stop);

  return {
    endpoint,
    pid: child.pid!,
    stop,

    /**
     * Stops Guildhall and waits until it has exited (at most `timeoutMs`): a profile (--cpu-prof)
     * is written at exit, and a child still shutting down when this process exits loses its stdout.
     */
    async stopAndWait(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      stop();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    },

    /** Every worker has printed its "ready" line and /api/status answers. */
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`Guildhall exited with code ${child.exitCode}`);
        try {
          if (readyWorkers >= options.workers && (await fetch(`${endpoint}/api/status`)).status === 204) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error('Guildhall did not become ready');
    },

    /** A Management API token of the bootstrap app (client credentials). */
    async adminToken(): Promise<string> {
      const response = await fetch(`${endpoint}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuthorization(BENCH_ADMIN.id, BENCH_ADMIN.secret) },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${endpoint}/api`, scope: 'all' }),
      });
      if (!response.ok) throw new Error(`Management API token: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
  };
}
