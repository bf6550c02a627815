/**
 * Production mode for several cores: `GUILDHALL_WORKERS=2 node --import tsx src/cluster.ts`.
 * The primary forks that many workers, each a full Guildhall (main.ts) sharing the port through
 * node:cluster. Nothing that matters lives in a worker's memory (keys, sessions and grants are in
 * the database), so any worker can answer any request. The first worker starts alone (it runs the
 * migrations and the bootstrap); the others follow once it listens. A worker that dies is
 * replaced. PGlite is single-process, so more than one worker needs DATABASE_URL.
 */
import cluster from 'node:cluster';
import os from 'node:os';

const raw = process.env.GUILDHALL_WORKERS;
const workers = raw === undefined || raw === '' ? os.availableParallelism() : Number(raw);
if (!Number.isInteger(workers) || workers < 1) {
  console.error(`Invalid configuration: GUILDHALL_WORKERS must be a positive integer, got "${raw}"`);
  process.exit(1);
}

if (cluster.isPrimary && workers > 1) {
  if (!process.env.DATABASE_URL) {
    console.error('Invalid configuration: GUILDHALL_WORKERS > 1 needs DATABASE_URL (the embedded database is single-process)');
    process.exit(1);
  }
  let stopping = false;
  const first = cluster.fork();
  first.once('listening', () => {
    for (let i = 1; i < workers; i++) cluster.fork();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    const timer = setTimeout(() => process.exit(1), 12_000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearTimeout(timer);
        process.exit(0);
      }
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} else {
  await import('./main.ts');
}
