import { PostgresEventStore } from '@poems/event-store';
import { createTestSchema, type TestSchema } from '@poems/testing';
import type { Pool } from 'pg';
import type { Cleanup } from './cleanup';
import type { RawEventRow } from './synthetic-events';

/** A fresh schema (`bench_<name>_<random>`) with its own pool, dropped by `cleanup`. */
export async function freshSchema(cleanup: Cleanup, name: string, poolSize: number): Promise<TestSchema> {
  const db = await createTestSchema(`bench_${name}`, poolSize);
  db.pool.on('error', () => undefined);
  cleanup.add(`drop schema ${db.schema}`, () => db.drop());
  return db;
}

/** The event store on a fresh schema (its tables created by its own migrations). */
export async function freshStore(cleanup: Cleanup, name: string, poolSize: number): Promise<{ db: TestSchema; store: PostgresEventStore }> {
  const db = await freshSchema(cleanup, name, poolSize);
  const store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
  cleanup.add('close the event store', () => store.close());
  return { db, store };
}

/**
 * `raw_events`: a copy of the store's `events` table (columns, identity, keys, indexes, and the
 * same statement trigger), for the baselines: the same rows land in the same shape, without the
 * store's logic around them.
 */
export async function createRawEventsTable(pool: Pool, schema: string): Promise<string> {
  const table = `${schema}.raw_events`;
  await pool.query(`CREATE TABLE ${table} (LIKE ${schema}.events INCLUDING ALL)`);
  await pool.query(`CREATE TRIGGER raw_events_appended AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.notify_events_appended()`);
  return table;
}

export const RAW_COLUMNS = 'event_id, stream_id, stream_revision, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash';

const valuesOf = (row: RawEventRow) => [row.eventId, row.streamId, row.revision, row.type, row.schemaVersion, row.data, row.metadata, row.occurredAt, row.recordedAt, row.prevHash, row.hash];

/** One multi-row INSERT (autocommit: one statement, one transaction, one round trip). */
export async function rawInsert(pool: Pool, table: string, rows: RawEventRow[]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = params.length;
    params.push(...valuesOf(row));
    return `(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await pool.query(`INSERT INTO ${table} (${RAW_COLUMNS}) VALUES ${tuples.join(', ')}`, params);
}

/** Opens `count` connections of the pool now, so that no measurement pays for connecting. */
export async function warmPool(pool: Pool, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  await Promise.all(clients.map((client) => client.query('SELECT 1')));
  clients.forEach((client) => client.release());
}

export async function serverVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return rows[0]!.v;
}

/** The settings that bound commit latency, for the report. */
export async function durabilitySettings(pool: Pool): Promise<Record<string, string>> {
  const names = ['fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections'];
  const { rows } = await pool.query<{ name: string; setting: string }>(`SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`, [names]);
  return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
}
