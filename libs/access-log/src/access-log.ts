import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import type { Pool } from 'pg';

/**
 * Who read or exported identifiable or research data, when, what and why (HIPAA §164.312(b)).
 * Append-only: triggers refuse UPDATE, DELETE and TRUNCATE, so the application cannot rewrite it.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'access log',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.access_log (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at             timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor          text NOT NULL,
        role           text NOT NULL,
        action         text NOT NULL,
        patient_id     uuid,
        endpoint       text NOT NULL,
        query          jsonb NOT NULL DEFAULT '{}',
        purpose        text,
        outcome        integer NOT NULL,
        correlation_id text
      );
      CREATE INDEX IF NOT EXISTS access_log_patient ON ${s}.access_log (patient_id, at);
      CREATE INDEX IF NOT EXISTS access_log_actor ON ${s}.access_log (actor, at);
      CREATE OR REPLACE FUNCTION ${s}.access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only (% refused)', TG_OP;
      END $$;
      DROP TRIGGER IF EXISTS access_log_no_change ON ${s}.access_log;
      CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON ${s}.access_log
        FOR EACH ROW EXECUTE FUNCTION ${s}.access_log_is_append_only();
      DROP TRIGGER IF EXISTS access_log_no_truncate ON ${s}.access_log;
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON ${s}.access_log
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.access_log_is_append_only();
    `,
  },
];

export interface AccessRecord {
  actor: string;
  role: string;
  /** e.g. 'read-patient-events', 'read-timeline', 'export-research-csv'. */
  action: string;
  patientId?: string | null;
  endpoint: string;
  query?: Record<string, unknown>;
  purpose?: string | null;
  outcome: number;
  correlationId?: string | null;
}

export interface AccessLogEntry extends Required<Omit<AccessRecord, 'query'>> {
  id: number;
  at: string;
  query: Record<string, unknown>;
}

export interface AccessLogFilter {
  patientId?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** Entries with an id below this one (paging backwards in time). */
  before?: number;
}

export class AccessLog {
  private readonly s: string;
  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = assertSchemaName(schema);
  }

  static async create(options: { pool: Pool; schema: string }): Promise<AccessLog> {
    await runMigrations(options.pool, options.schema, MIGRATIONS, 'access-log');
    return new AccessLog(options.pool, options.schema);
  }

  async record(entry: AccessRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.access_log (actor, role, action, patient_id, endpoint, query, purpose, outcome, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.actor,
        entry.role,
        entry.action,
        entry.patientId ?? null,
        entry.endpoint,
        JSON.stringify(entry.query ?? {}),
        entry.purpose ?? null,
        entry.outcome,
        entry.correlationId ?? null,
      ],
    );
  }

  async find(filter: AccessLogFilter = {}): Promise<AccessLogEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT id::text, at, actor, role, action, patient_id::text, endpoint, query, purpose, outcome, correlation_id
       FROM ${this.s}.access_log
       WHERE ($1::uuid IS NULL OR patient_id = $1::uuid)
         AND ($2::text IS NULL OR actor = $2)
         AND ($3::timestamptz IS NULL OR at >= $3)
         AND ($4::timestamptz IS NULL OR at <= $4)
         AND ($5::bigint IS NULL OR id < $5)
       ORDER BY id DESC
       LIMIT $6`,
      [filter.patientId ?? null, filter.actor ?? null, filter.from ?? null, filter.to ?? null, filter.before ?? null, filter.limit ?? 100],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      at: (row.at as Date).toISOString(),
      actor: row.actor,
      role: row.role,
      action: row.action,
      patientId: row.patient_id,
      endpoint: row.endpoint,
      query: row.query,
      purpose: row.purpose,
      outcome: row.outcome,
      correlationId: row.correlation_id,
    }));
  }
}
