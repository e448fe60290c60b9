import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** Starts `dist/apps/worker/src/main.js` (built by Jest's global setup, tools/jest-global-setup.js). */
export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hooks, no cleanup, like a crash or the OOM killer. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** The environment a worker needs to run on a test schema and its own queues. */
export function workerEnv(schema: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    DATABASE_SCHEMA: schema,
    REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `w-${schema}`,
    AUTH_JWT_SECRET: 'x'.repeat(40),
    DATA_KEY_ENCRYPTION_KEY: '11'.repeat(32),
    RESEARCH_PSEUDONYM_KEY: '22'.repeat(32),
    // Tests run workers side by side: each takes any free port for its health and metrics.
    WORKER_PORT: '0',
    ...overrides,
  };
}

export function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
