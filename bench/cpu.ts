/**
 * CPU time per request of each party of a benchmark, from /proc: Guildhall's processes (the one
 * spawned and its cluster workers), the PostgreSQL backends of the bench database, and this
 * process (the load generator). Unlike throughput, CPU per request still means something when
 * other work shares the machine's cores.
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

export interface CpuSplit {
  /** CPU milliseconds per request. */
  guildhall: number;
  postgres: number;
  loadGenerator: number;
}

/** user + system CPU time of a process in ms (/proc/<pid>/stat, fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // the process has gone
  }
}

/** A process and its children (Guildhall's cluster primary and workers). */
function processTree(root: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [root, ...children];
}

/** The backends connected to the bench database (other databases on the same server are other people's). */
async function postgresBackends(databaseUrl: string | undefined): Promise<number[]> {
  if (!databaseUrl) return [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  await client.end();
  return rows.map((row) => row.pid);
}

/**
 * Starts counting; the returned function takes the number of requests served meanwhile and
 * answers the CPU per request. `databaseUrl` is undefined for the embedded database (PGlite runs
 * inside Guildhall's process, so its time is Guildhall's).
 */
export async function startCpuCount(guildhallPid: number, databaseUrl: string | undefined): Promise<(requests: number) => CpuSplit> {
  const pids = { guildhall: processTree(guildhallPid), postgres: await postgresBackends(databaseUrl) };
  const sum = (list: number[]) => list.reduce((total, pid) => total + processCpuMs(pid), 0);
  const self = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const before = { guildhall: sum(pids.guildhall), postgres: sum(pids.postgres), loadGenerator: self() };
  return (requests) => {
    const count = requests || 1;
    return {
      guildhall: (sum(pids.guildhall) - before.guildhall) / count,
      postgres: (sum(pids.postgres) - before.postgres) / count,
      loadGenerator: (self() - before.loadGenerator) / count,
    };
  };
}
