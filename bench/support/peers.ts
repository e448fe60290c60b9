import { TEST_DATABASE_URL } from '@poems/testing';
import { Pool } from 'pg';
import type { Cleanup } from './cleanup';

/**
 * The two things our store is compared with in the same run:
 * - the plain table a user would write without an event store: position, stream, revision, type,
 *   jsonb data and metadata, one unique index, written with BEGIN / INSERT / COMMIT;
 * - Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`, a dev dependency used
 *   only here), in a schema of its own (its SQL names no schema: `search_path` places it).
 */
export interface PlainRow {
  streamId: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

export async function createPlainTable(pool: Pool, schema: string): Promise<string> {
  const table = `${schema}.plain_events`;
  await pool.query(`CREATE TABLE ${table} (
    position   bigint GENERATED ALWAYS AS IDENTITY,
    stream_id  text NOT NULL,
    revision   bigint NOT NULL,
    type       text NOT NULL,
    data       jsonb NOT NULL,
    metadata   jsonb NOT NULL,
    UNIQUE (stream_id, revision))`);
  return table;
}

/** BEGIN, one (multi-row) INSERT, COMMIT: what a user writes to append in a transaction. */
export async function plainInsert(pool: Pool, table: string, rows: PlainRow[]): Promise<void> {
  const client = await pool.connect();
  try {
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const base = params.length;
      params.push(row.streamId, row.revision, row.type, row.data, row.metadata);
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5})`;
    });
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${table} (stream_id, revision, type, data, metadata) VALUES ${tuples.join(', ')}`, params);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// The peer's module is loaded only when a benchmark uses it (it is a dev dependency).
type EmmettModule = typeof import('@event-driven-io/emmett-postgresql');
export type EmmettStore = ReturnType<EmmettModule['getPostgreSQLEventStore']>;

export interface EmmettPeer {
  store: EmmettStore;
  pool: Pool;
  /** Reads the global order after a position, as Emmett's consumers do (below the snapshot's xmin). */
  readBatch(after: bigint, batchSize: number): Promise<{ count: number; last: bigint }>;
}

/** Emmett's store on a fresh schema with its own pool of `poolSize`; both dropped by `cleanup`. */
export async function openEmmett(cleanup: Cleanup, schema: string, poolSize: number): Promise<EmmettPeer> {
  const emmett: EmmettModule = require('@event-driven-io/emmett-postgresql');
  const { dumbo } = require('@event-driven-io/dumbo') as typeof import('@event-driven-io/dumbo');
  const peerSchema = `${schema}_emmett`;
  const admin = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  await admin.query(`CREATE SCHEMA ${peerSchema}`);
  cleanup.add(`drop schema ${peerSchema}`, async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${peerSchema} CASCADE`);
    await admin.end();
  });
  const options = `-c search_path=${peerSchema}`;
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: poolSize, options });
  pool.on('error', () => undefined);
  const connectionString = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(options)}`;
  const store = emmett.getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
  const executor = dumbo({ connectionString, pool });
  cleanup.add('close the Emmett store', async () => {
    await executor.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  });
  await store.schema.migrate();
  return {
    store,
    pool,
    async readBatch(after, batchSize) {
      const { messages, currentGlobalPosition } = await emmett.readMessagesBatch(executor.execute, { after, batchSize });
      return { count: messages.length, last: messages.length ? currentGlobalPosition : after };
    },
  };
}
