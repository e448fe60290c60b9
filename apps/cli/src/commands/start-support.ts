import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { CliError } from '../cli-context';
import { redact } from '@poems/runtime';

/** First run on a machine: a .env with fresh secrets (gitignored), so nothing secret is committed. */
export function ensureLocalEnvFile(path = '.env'): boolean {
  if (existsSync(path)) return false;
  const hex = () => randomBytes(32).toString('hex');
  writeFileSync(
    path,
    [
      '# Written by `npm start` for local use. See .env.example for every setting.',
      `AUTH_JWT_SECRET=${hex()}`,
      `DATA_KEY_ENCRYPTION_KEY=${hex()}`,
      `RESEARCH_PSEUDONYM_KEY=${hex()}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return true;
}

export async function checkPostgres(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 3000 });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    throw new CliError(
      `PostgreSQL does not answer at ${redact(url)} (${(error as Error).message}).\n` +
        'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`, or `docker compose up -d postgres`) or set DATABASE_URL.',
    );
  } finally {
    await pool.end();
  }
}

export async function checkRedis(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** pino's JSON lines, shortened for a terminal: time, level, message and the interesting fields. */
export function formatLogLine(prefix: string, line: string): string {
  try {
    const { level, time, msg, name: _name, pid: _pid, hostname: _host, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const label = ({ 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' } as Record<number, string>)[Number(level)] ?? String(level);
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${prefix} ${new Date(Number(time)).toISOString().slice(11, 19)} ${label} ${msg}${extra}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
