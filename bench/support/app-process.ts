import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken, type UserRole } from '@poems/auth';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '@poems/testing';
import type { Cleanup } from './cleanup';
import { step } from './progress';

// Compiled to <dist>/bench/support/: the apps sit beside it in the same build.
const DIST = join(__dirname, '../..');

export const BENCH_SECRET = randomBytes(32).toString('hex');

/** The environment the apps are configured by, for one schema and queue prefix. */
export function appEnv(schema: string, queuePrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    EVENT_STORE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    AUTH_JWT_SECRET: BENCH_SECRET,
    DATA_KEY_ENCRYPTION_KEY: '11'.repeat(32),
    RESEARCH_PSEUDONYM_KEY: '22'.repeat(32),
    // The default level: every request is logged, as in production (to a pipe that is drained).
    LOG_LEVEL: 'info',
    // The benchmarks measure throughput from one address and user, far past any sane rate limit.
    RATE_LIMIT_PER_ADDRESS: '100000000',
    RATE_LIMIT_PER_PRINCIPAL: '100000000',
    // The worker's health and metrics listener: any free port (several runs may share the machine).
    WORKER_PORT: '0',
    ...extra,
  };
}

export function token(sub: string, roles: UserRole[], careTeams: string[] = []): string {
  return signToken({ sub, roles, careTeams }, { secret: BENCH_SECRET, issuer: 'poems-monitor', audience: 'poems-monitor' });
}

export interface AppProcess {
  pid: number;
  url: string;
  /** Where its Prometheus metrics are (the API's /metrics, the worker's own listener). */
  metricsUrl: string;
  /** Resident set size now and its peak so far (VmRSS, VmHWM), in MiB. */
  memory(): { rssMb: number; peakMb: number };
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `dist/apps/<app>/src/main.js` as its own process (so its memory is its own), in a
 * scratch directory so that no `.env` leaks into its configuration, and waits until it answers.
 */
export async function startApp(cleanup: Cleanup, app: 'api' | 'worker', env: Record<string, string>): Promise<AppProcess> {
  const port = app === 'api' ? await freePort() : 0;
  // BENCH_PROFILE_DIR=/some/dir: each app writes a .cpuprofile there when it stops (see BENCHMARKS.md).
  const profile = process.env['BENCH_PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}`] : [];
  const child = spawn(process.execPath, [...profile, join(DIST, `apps/${app}/src/main.js`)], {
    cwd: tmpdir(),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 50) tail.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) step(`  the ${app} process exited on its own (${signal ?? `code ${code}`}); its last output:\n${tail.join('').slice(-4000)}`);
  });
  const process_ = {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
    memory: () => memoryOf(child.pid!),
    output: () => tail.join('').slice(-4000),
    stop: () => {
      stopping = true;
      return stop(child, exited);
    },
  };
  cleanup.add(`stop the ${app} process`, process_.stop);
  if (app === 'api') await waitForHealth(process_, child);
  else {
    await waitForLine(child, tail, /worker started/, app);
    const workerPort = /"port":(\d+)[^\n]*worker health and metrics listening/.exec(tail.join(''))?.[1];
    if (workerPort) process_.metricsUrl = `http://127.0.0.1:${workerPort}/metrics`;
  }
  return process_;
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHealth(app: AppProcess, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${app.output()}`);
    try {
      if ((await fetch(`${app.url}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not answer /health within 30 s:\n${app.output()}`);
}

async function waitForLine(child: ChildProcess, tail: string[], pattern: RegExp, app: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the ${app} exited with ${child.exitCode}:\n${tail.join('')}`);
    if (pattern.test(tail.join(''))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the ${app} did not start within 30 s:\n${tail.join('')}`);
}

export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** fetch with a bearer token and a JSON body; answers status and parsed body. */
export async function call(app: AppProcess, method: string, path: string, bearer: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** One counter or gauge of an app's /metrics (summed over its label sets), or NaN. */
export async function scrapeValue(app: AppProcess, name: string): Promise<number> {
  try {
    const text = await (await fetch(app.metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
    let sum = NaN;
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})? (\S+)$/.exec(line);
      if (match && match[1] === name) sum = (Number.isNaN(sum) ? 0 : sum) + Number(match[2]);
    }
    return sum;
  } catch {
    return NaN;
  }
}
