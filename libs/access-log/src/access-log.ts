import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import type { Pool } from 'pg';

/**
 * Who read or exported identifiable or research data, when, what and why (HIPAA §164.312(b)).
 * Append-only: triggers refuse DELETE and TRUNCATE, and every UPDATE but one: counting another
 * identical refusal on the row that recorded the first (see `record`). A flood of refused reads
 * is then one row per window with its count, not thousands of rows, and no refusal goes uncounted.
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
  {
    version: 2,
    name: 'repeated refusals counted',
    sql: (s) => `
      ALTER TABLE ${s}.access_log ADD COLUMN repeat_count integer NOT NULL DEFAULT 1 CHECK (repeat_count >= 1);
      ALTER TABLE ${s}.access_log ADD COLUMN last_at timestamptz;
      -- A refusal carries the window it fell in; identical refusals in one window share one row.
      ALTER TABLE ${s}.access_log ADD COLUMN repeat_window bigint;
      CREATE UNIQUE INDEX access_log_repeats ON ${s}.access_log (actor, role, action, patient_id, outcome, repeat_window) NULLS NOT DISTINCT
        WHERE repeat_window IS NOT NULL;
      CREATE OR REPLACE FUNCTION ${s}.access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The one change allowed: one more identical refusal counted on its row, nothing else altered.
        IF TG_OP = 'UPDATE' AND OLD.outcome >= 400
           AND NEW.repeat_count = OLD.repeat_count + 1
           AND NEW.last_at IS NOT NULL AND NEW.last_at >= coalesce(OLD.last_at, OLD.at)
           AND (to_jsonb(NEW) - 'repeat_count' - 'last_at') = (to_jsonb(OLD) - 'repeat_count' - 'last_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'access_log is append-only (% refused)', TG_OP;
      END $$;
    `,
  },
  {
    version: 3,
    name: 'repeated refusals are identical in their endpoint too',
    sql: (s) => `
      DROP INDEX IF EXISTS ${s}.access_log_repeats;
      CREATE UNIQUE INDEX access_log_repeats ON ${s}.access_log (actor, role, action, patient_id, endpoint, outcome, repeat_window) NULLS NOT DISTINCT
        WHERE repeat_window IS NOT NULL;
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
  /** When it happened (the first time, for a refusal that was repeated). */
  at: string;
  query: Record<string, unknown>;
  /** How many identical refusals this entry stands for (1 for every allowed access). */
  repeatCount: number;
  /** When the last of those repeats happened (null when there was none). */
  lastAt: string | null;
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
    private readonly repeatWindowMs: number,
  ) {
    this.s = assertSchemaName(schema);
  }

  /** `repeatWindowMs`: identical refusals in one window of this length are counted on one row (0: never). */
  static async create(options: { pool: Pool; schema: string; repeatWindowMs?: number }): Promise<AccessLog> {
    await runMigrations(options.pool, options.schema, MIGRATIONS, 'access-log');
    return new AccessLog(options.pool, options.schema, options.repeatWindowMs ?? 60_000);
  }

  /**
   * Appends the access, except a refusal (outcome 400 and above) identical in actor, role, action,
   * patient, endpoint and outcome to one already recorded in the same window of `repeatWindowMs`: that row's
   * count goes up instead, atomically, however many arrive at once (endpoint, query and correlation
   * id of the repeats are not kept).
   */
  async record(entry: AccessRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.access_log (actor, role, action, patient_id, endpoint, query, purpose, outcome, correlation_id, repeat_window)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
               CASE WHEN $8 >= 400 AND $10::float8 > 0 THEN floor(extract(epoch FROM clock_timestamp()) * 1000 / $10::float8)::bigint END)
       ON CONFLICT (actor, role, action, patient_id, endpoint, outcome, repeat_window) WHERE repeat_window IS NOT NULL
       DO UPDATE SET repeat_count = ${this.s}.access_log.repeat_count + 1, last_at = clock_timestamp()`,
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
        this.repeatWindowMs,
      ],
    );
  }

  /**
   * One allowed read that showed several patients' data (a list of alerts): one row per patient,
   * in one statement, so that each patient's trail names every read of their data.
   */
  async recordForPatients(entry: Omit<AccessRecord, 'patientId'>, patientIds: ReadonlyArray<string>): Promise<void> {
    const ids = [...new Set(patientIds)];
    if (ids.length === 0) return this.record(entry);
    await this.pool.query(
      `INSERT INTO ${this.s}.access_log (actor, role, action, patient_id, endpoint, query, purpose, outcome, correlation_id)
       SELECT $1, $2, $3, patient, $5, $6, $7, $8, $9 FROM unnest($4::uuid[]) AS patient`,
      [entry.actor, entry.role, entry.action, ids, entry.endpoint, JSON.stringify(entry.query ?? {}), entry.purpose ?? null, entry.outcome, entry.correlationId ?? null],
    );
  }

  async find(filter: AccessLogFilter = {}): Promise<AccessLogEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT id::text, at, actor, role, action, patient_id::text, endpoint, query, purpose, outcome, correlation_id, repeat_count, last_at
       FROM ${this.s}.access_log
       WHERE ($1::uuid IS NULL OR patient_id = $1::uuid)
         AND ($2::text IS NULL OR actor = $2)
         AND ($3::timestamptz IS NULL OR at >= $3)
         AND ($4::timestamptz IS NULL OR at <= $4)
         AND ($5::bigint IS NULL OR id < $5)
       ORDER BY access_log.id DESC
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
      repeatCount: row.repeat_count,
      lastAt: row.last_at ? (row.last_at as Date).toISOString() : null,
    }));
  }
}
