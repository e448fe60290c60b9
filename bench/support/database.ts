import { PostgresEventStore } from '@poems/event-store';
import { createTestSchema, type TestSchema } from '@poems/testing';
import type { Pool } from 'pg';
import type { Cleanup } from './cleanup';

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
