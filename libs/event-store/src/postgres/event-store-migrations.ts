import type { Pool } from 'pg';
import { APPEND_FUNCTION_MIGRATION } from './append-function';
import { assertSchemaName } from './sql-identifiers';
import { inTransaction } from './in-transaction';

/**
 * Numbered, idempotent migrations for the event store's tables, applied under an advisory lock so
 * that several processes starting at once apply each migration exactly once.
 */
export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'events and streams',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.streams (
        stream_id   text PRIMARY KEY,
        revision    bigint NOT NULL,
        head_hash   text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      -- The identity's sequence must keep CACHE 1: the global-order reader relies on positions
      -- being handed out in the order transactions ask for them.
      CREATE TABLE IF NOT EXISTS ${s}.events (
        global_position  bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
        event_id         uuid NOT NULL UNIQUE,
        stream_id        text NOT NULL,
        stream_revision  bigint NOT NULL,
        type             text NOT NULL,
        schema_version   integer NOT NULL,
        data             jsonb NOT NULL,
        metadata         jsonb NOT NULL,
        occurred_at      timestamptz NOT NULL,
        recorded_at      timestamptz NOT NULL,
        prev_hash        text NOT NULL,
        hash             text NOT NULL,
        UNIQUE (stream_id, stream_revision)
      );
      CREATE OR REPLACE FUNCTION ${s}.notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${s}_events', '');
        RETURN NULL;
      END $$;
      DROP TRIGGER IF EXISTS events_appended ON ${s}.events;
      CREATE TRIGGER events_appended AFTER INSERT ON ${s}.events
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.notify_events_appended();
    `,
  },
  APPEND_FUNCTION_MIGRATION,
];

/**
 * `auto`: pending migrations are applied by whoever opens the tables (development, tests).
 * `verify`: a process refuses to start on a schema with pending migrations, naming the step that
 * applies them (`npm run db:migrate`, run on its own before a deployment's processes start).
 */
export type MigrationMode = 'auto' | 'verify';
let mode: MigrationMode = 'auto';

/** Set once at process start-up from DATABASE_MIGRATIONS (the db:migrate command itself runs in `auto`). */
export function setMigrationMode(next: MigrationMode): void {
  mode = next;
}

export class PendingMigrationsError extends Error {
  constructor(schema: string, scope: string, pending: Migration[]) {
    super(
      `Schema ${schema} is missing migrations of ${scope}: ${pending.map((m) => `${m.version} (${m.name})`).join(', ')}. ` +
        'Run `npm run db:migrate` with this configuration first (DATABASE_MIGRATIONS=verify: processes do not migrate at start-up).',
    );
    this.name = 'PendingMigrationsError';
  }
}

export async function runMigrations(pool: Pool, schema: string, migrations: Migration[], scope: string): Promise<number[]> {
  const s = assertSchemaName(schema);
  if (mode === 'verify') {
    const pending = await pendingMigrations(pool, s, migrations, scope);
    if (pending.length > 0) throw new PendingMigrationsError(s, scope, pending);
    return [];
  }
  return inTransaction(pool, async (client) => {
    // One lock per schema (all scopes): CREATE SCHEMA IF NOT EXISTS is not safe to race.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${s}:migrations`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
      scope text NOT NULL, version integer NOT NULL, name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
    const applied = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations WHERE scope = $1`, [scope])).rows.map(
        (row) => row.version,
      ),
    );
    const ran: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.schema_migrations (scope, version, name) VALUES ($1, $2, $3)`, [
        scope,
        migration.version,
        migration.name,
      ]);
      ran.push(migration.version);
    }
    return ran;
  });
}

async function pendingMigrations(pool: Pool, s: string, migrations: Migration[], scope: string): Promise<Migration[]> {
  const { rows } = await pool.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`${s}.schema_migrations`]);
  if (!rows[0]!.exists) return migrations;
  const applied = new Set((await pool.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations WHERE scope = $1`, [scope])).rows.map((row) => row.version));
  return migrations.filter((migration) => !applied.has(migration.version));
}

export function migrateEventStore(pool: Pool, schema: string): Promise<number[]> {
  return runMigrations(pool, schema, EVENT_STORE_MIGRATIONS, 'event-store');
}
