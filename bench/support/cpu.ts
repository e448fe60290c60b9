import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { cpus } from 'node:os';
import { TEST_DATABASE_URL } from '@poems/testing';
import { Pool } from 'pg';

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by a process (user + system, all threads), from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // gone (a backend whose connection closed)
  }
}

function machineTicks(): { busy: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = ticks[3]! + (ticks[4] ?? 0);
  return { busy: ticks.reduce((a, b) => a + b, 0) - idle, total: ticks.reduce((a, b) => a + b, 0) };
}

/** Local TCP ports of a process's connections to PostgreSQL (its sockets' inodes looked up in /proc/net/tcp). */
function postgresClientPorts(pid: number): number[] {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return []; // the process is gone
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const serverPort = new URL(TEST_DATABASE_URL).port || '5432';
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      if (parseInt(cols[2]!.split(':')[1]!, 16) === Number(serverPort)) ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** PIDs of the PostgreSQL backends serving a client process. */
async function backendsOf(pool: Pool, pid: number): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])`, [postgresClientPorts(pid)]);
  return rows.map((row) => row.pid);
}

/**
 * Where the CPU went during a measurement, in cores' worth (1.0 = one core flat out): this
 * process, the apps named, and the PostgreSQL backends serving each of them. The machine is
 * shared, so its busy share includes other people's work; the per-process figures do not.
 */
export async function cpuMeter(processes: Record<string, number> = {}) {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  pool.on('error', () => undefined);
  const clients: Record<string, number> = { bench: process.pid, ...processes };
  const startBackends = new Map<number, number>();
  for (const pid of Object.values(clients)) for (const backend of await backendsOf(pool, pid)) startBackends.set(backend, cpuSecondsOf(backend));
  const start = machineTicks();
  const before = Object.fromEntries(Object.entries(clients).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  const wall = performance.now();
  return async () => {
    const seconds = (performance.now() - wall) / 1000;
    const end = machineTicks();
    const coresUsed: Record<string, number> = {};
    const share = (cpuSeconds: number) => Number((cpuSeconds / seconds).toFixed(2));
    try {
      for (const [name, pid] of Object.entries(clients)) {
        coresUsed[name] = share(cpuSecondsOf(pid) - before[name]!);
        const backends = await backendsOf(pool, pid);
        coresUsed[`postgres for ${name}`] = share(backends.reduce((sum, backend) => sum + cpuSecondsOf(backend) - (startBackends.get(backend) ?? 0), 0));
      }
    } finally {
      await pool.end();
    }
    return { seconds: Number(seconds.toFixed(1)), cores: cpus().length, machineBusyPercent: Math.round((100 * (end.busy - start.busy)) / Math.max(1, end.total - start.total)), coresUsed };
  };
}
