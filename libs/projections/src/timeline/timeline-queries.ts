import type { TimelineEntryRow, TimelinePatientRow } from '@poems/read-models';
import type { Pool } from 'pg';
import { beforeBuilt } from '../before-built';

/**
 * Reads the live timeline rows of one patient (through the views, whatever generation is live).
 * The entries come back as one JSON array built by PostgreSQL and parsed once: a thousand rows
 * parsed one by one cost more than the query.
 */
export async function readTimelineRows(pool: Pool, schema: string, patientId: string): Promise<{ patient: TimelinePatientRow | undefined; entries: TimelineEntryRow[] }> {
  return beforeBuilt(readBuiltTimelineRows(pool, schema, patientId), { patient: undefined, entries: [] });
}

async function readBuiltTimelineRows(pool: Pool, schema: string, patientId: string): Promise<{ patient: TimelinePatientRow | undefined; entries: TimelineEntryRow[] }> {
  const [patient, entries] = await Promise.all([
    pool.query<{ row: TimelinePatientRow }>({ name: `${schema}:timeline-patient`, text: `SELECT row FROM ${schema}.timeline_patients WHERE patient_id = $1`, values: [patientId] }),
    pool.query<{ rows: string }>({
      name: `${schema}:timeline-entries`,
      text: `SELECT coalesce(json_agg(row ORDER BY clinical_time, event_id), '[]')::text AS rows FROM ${schema}.timeline_entries WHERE patient_id = $1`,
      values: [patientId],
    }),
  ]);
  return { patient: patient.rows[0]?.row, entries: JSON.parse(entries.rows[0]!.rows) as TimelineEntryRow[] };
}
