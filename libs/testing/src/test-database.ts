import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** Integration tests use the machine's PostgreSQL (see .ci/run); each test gets its own schema. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestSchema {
  pool: Pool;
  schema: string;
  /** Drops the schema and closes the pool. */
  drop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function createTestSchema(prefix = 't', poolSize = 10): Promise<TestSchema> {
  const schema = uniqueName(prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_'));
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: poolSize });
  try {
    await pool.query(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    await pool.end();
    throw new Error(
      `Cannot reach the test PostgreSQL at ${TEST_DATABASE_URL} (${(error as Error).message}). ` +
        'Start it with `pg_ctlcluster --skip-systemctl-redirect 15 main start` or run `.ci/run`.',
    );
  }
  return {
    pool,
    schema,
    async drop() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}

/** Polls `check` until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null> | T | undefined | false | null, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
