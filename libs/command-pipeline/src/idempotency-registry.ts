import { createHash } from 'node:crypto';
import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import { DomainError } from '@poems/kernel';
import type { Pool } from 'pg';

export type Claim = { readonly status: 'new' | 'pending' } | { readonly status: 'answered'; readonly answer: unknown };

/**
 * Idempotency-Keys, one rule for every door: a key belongs to one caller and one request. The
 * first request claims it with its fingerprint; the same request again gets the first answer; any
 * other request with that key is refused (422) before anything is decided. A request that is
 * refused (nothing written) releases its claim, so the caller can fix it and send it again.
 */
export interface IdempotencyRegistry {
  /** Throws DomainError IDEMPOTENCY_KEY_REUSED (unprocessable) when the key holds another request. */
  claim(scope: string, requestHash: string, door: string): Promise<Claim>;
  answer(scope: string, requestHash: string, answer: unknown): Promise<void>;
  release(scope: string, requestHash: string): Promise<void>;
}

export function keyReused(): DomainError {
  return new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different request: nothing was written. Use a new key for a new request.',
    'unprocessable',
    ['Idempotency-Key'],
  );
}

/** The key is stored hashed: clients sometimes put meaningful text in it. */
function scopeId(scope: string): string {
  return createHash('sha256').update(scope).digest('hex');
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.idempotency_keys (
        scope_id     text PRIMARY KEY,
        request_hash text NOT NULL,
        door         text NOT NULL,
        answer       jsonb,
        claimed_at   timestamptz NOT NULL DEFAULT now(),
        answered_at  timestamptz
      );`,
  },
];

export class PostgresIdempotencyRegistry implements IdempotencyRegistry {
  private readonly s: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = assertSchemaName(schema);
  }

  static async create(pool: Pool, schema: string): Promise<PostgresIdempotencyRegistry> {
    await runMigrations(pool, schema, MIGRATIONS, 'idempotency-keys');
    return new PostgresIdempotencyRegistry(pool, schema);
  }

  async claim(scope: string, requestHash: string, door: string): Promise<Claim> {
    const id = scopeId(scope);
    const inserted = await this.pool.query(
      `INSERT INTO ${this.s}.idempotency_keys (scope_id, request_hash, door) VALUES ($1, $2, $3) ON CONFLICT (scope_id) DO NOTHING`,
      [id, requestHash, door],
    );
    if (inserted.rowCount) return { status: 'new' };
    const { rows } = await this.pool.query<{ request_hash: string; answer: unknown }>(
      `SELECT request_hash, answer FROM ${this.s}.idempotency_keys WHERE scope_id = $1`,
      [id],
    );
    const row = rows[0];
    // Released between the insert and the read: claim it again.
    if (!row) return this.claim(scope, requestHash, door);
    if (row.request_hash !== requestHash) throw keyReused();
    return row.answer == null ? { status: 'pending' } : { status: 'answered', answer: row.answer };
  }

  async answer(scope: string, requestHash: string, answer: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.idempotency_keys (scope_id, request_hash, door, answer, answered_at) VALUES ($1, $2, 'unknown', $3, now())
       ON CONFLICT (scope_id) DO UPDATE SET answer = EXCLUDED.answer, answered_at = now()
       WHERE ${this.s}.idempotency_keys.request_hash = EXCLUDED.request_hash`,
      [scopeId(scope), requestHash, JSON.stringify(answer)],
    );
  }

  async release(scope: string, requestHash: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.s}.idempotency_keys WHERE scope_id = $1 AND request_hash = $2 AND answer IS NULL`, [
      scopeId(scope),
      requestHash,
    ]);
  }
}

/** For unit tests only. */
export class InMemoryIdempotencyRegistry implements IdempotencyRegistry {
  private readonly keys = new Map<string, { requestHash: string; answer?: unknown }>();

  async claim(scope: string, requestHash: string, _door?: string): Promise<Claim> {
    const row = this.keys.get(scope);
    if (!row) {
      this.keys.set(scope, { requestHash });
      return { status: 'new' };
    }
    if (row.requestHash !== requestHash) throw keyReused();
    return row.answer === undefined ? { status: 'pending' } : { status: 'answered', answer: row.answer };
  }

  async answer(scope: string, requestHash: string, answer: unknown): Promise<void> {
    const row = this.keys.get(scope);
    if (!row || row.requestHash === requestHash) this.keys.set(scope, { requestHash, answer: structuredClone(answer) });
  }

  async release(scope: string, requestHash: string): Promise<void> {
    const row = this.keys.get(scope);
    if (row && row.requestHash === requestHash && row.answer === undefined) this.keys.delete(scope);
  }
}
