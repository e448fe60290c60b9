import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import type { TimelineEntryRow, TimelinePatientRow } from '@poems/read-models';
import type { Pool } from 'pg';
import { TIMELINE_PROJECTION } from './timeline-projection';

/** A snapshot is written once a time-travel fold had to fold at least this many events past the last one. */
export const SNAPSHOT_EVERY = 100;
/** Snapshots kept per patient (the newest): time travel to older moments folds from the oldest kept, or from the start. */
const KEPT_PER_PATIENT = 4;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'timeline snapshots',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.timeline_snapshots (
        patient_id   uuid NOT NULL,
        revision     bigint NOT NULL,
        recorded_at  timestamptz NOT NULL,
        fold_version integer NOT NULL,
        state        jsonb NOT NULL,
        PRIMARY KEY (patient_id, revision)
      );`,
  },
];

export interface TimelineFold {
  patient: TimelinePatientRow | undefined;
  entries: TimelineEntryRow[];
}

/**
 * Bounds the fold of `GET …/timeline?asOf=`: the fold of a patient's stream up to a revision,
 * kept in a side table and continued from (foldTimelineFrom) instead of folding the whole stream
 * on every request. Built from the log by the same fold, on demand, by the reads that needed it;
 * only the fold of the timeline's current version is used (an evolve change bumps the
 * projection's version, and older snapshots are ignored, then replaced). A snapshot at revision R
 * holds exactly the events up to R, whose recorded times (monotonic along a stream) are at most
 * the snapshot's own.
 */
export class TimelineSnapshots {
  private readonly s: string;
  private readonly version = TIMELINE_PROJECTION.version;

  private constructor(private readonly pool: Pool, schema: string) {
    this.s = assertSchemaName(schema);
  }

  static async open(pool: Pool, schema: string): Promise<TimelineSnapshots> {
    await runMigrations(pool, schema, MIGRATIONS, 'timeline-snapshots');
    return new TimelineSnapshots(pool, schema);
  }

  /** The newest snapshot of the patient recorded at or before `asOf`. */
  async latest(patientId: string, asOf: string): Promise<{ revision: number; fold: TimelineFold } | undefined> {
    const { rows } = await this.pool.query<{ revision: string; state: TimelineFold }>({
      name: `${this.s}:timeline-snapshot`,
      text: `SELECT revision::text, state FROM ${this.s}.timeline_snapshots
             WHERE patient_id = $1 AND fold_version = $2 AND recorded_at <= $3 ORDER BY revision DESC LIMIT 1`,
      values: [patientId, this.version, asOf],
    });
    return rows[0] ? { revision: Number(rows[0].revision), fold: rows[0].state } : undefined;
  }

  /** Keeps the fold up to `revision` (recorded at `recordedAt`); drops the patient's older ones past the few kept. */
  async save(patientId: string, revision: number, recordedAt: string, fold: TimelineFold): Promise<void> {
    await this.pool.query(
      `WITH saved AS (
         INSERT INTO ${this.s}.timeline_snapshots (patient_id, revision, recorded_at, fold_version, state) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (patient_id, revision) DO UPDATE SET state = EXCLUDED.state, fold_version = EXCLUDED.fold_version, recorded_at = EXCLUDED.recorded_at
       )
       DELETE FROM ${this.s}.timeline_snapshots WHERE patient_id = $1 AND (fold_version <> $4 OR revision < (
         SELECT min(revision) FROM (SELECT revision FROM ${this.s}.timeline_snapshots WHERE patient_id = $1 AND fold_version = $4
                                    ORDER BY revision DESC LIMIT ${KEPT_PER_PATIENT - 1}) newest))`,
      [patientId, revision, recordedAt, this.version, JSON.stringify(fold)],
    );
  }
}
