import type { TimelineEntryRow, TimelinePatientRow } from '@poems/read-models';
import type { Pool } from 'pg';

/** Reads the live timeline rows of one patient (through the views, whatever generation is live). */
export async function readTimelineRows(pool: Pool, schema: string, patientId: string): Promise<{ patient: TimelinePatientRow | undefined; entries: TimelineEntryRow[] }> {
  const [patient, entries] = await Promise.all([
    pool.query<{ row: TimelinePatientRow }>(`SELECT row FROM ${schema}.timeline_patients WHERE patient_id = $1`, [patientId]),
    pool.query<{ row: TimelineEntryRow }>(`SELECT row FROM ${schema}.timeline_entries WHERE patient_id = $1 ORDER BY clinical_time, event_id`, [patientId]),
  ]);
  return { patient: patient.rows[0]?.row, entries: entries.rows.map((r) => r.row) };
}
