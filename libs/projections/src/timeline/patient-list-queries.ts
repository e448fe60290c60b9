import { type OpenAlertFacts, SUMMARY_ENTRIES, type TimelineEntryRow, type TimelinePatientRow } from '@poems/read-models';
import type { Pool } from 'pg';
import { beforeBuilt } from '../before-built';

export interface PatientListFilter {
  /** Null: every care team (auditors, admins). */
  careTeams: string[] | null;
  /** Only these patients (e.g. the ones an inbox page names). */
  patientIds?: string[];
  arm?: string;
  /** Rows to skip, in the list's order. */
  offset: number;
  limit: number;
}

export interface PatientListRow {
  patient: TimelinePatientRow;
  /** What the summary reads (`SUMMARY_ENTRIES`): the treatment position's doses and milestones, the assessment schedule's anchors and results. */
  entries: TimelineEntryRow[];
  openAlerts: OpenAlertFacts[];
}

/**
 * A page of patients from the timeline and alert read models, most urgent first: open critical
 * alerts, then open warnings, then any open alert, then the latest enrolled. Offset paging: lists are per care team,
 * tens to hundreds of rows.
 */
export async function listPatients(pool: Pool, schema: string, filter: PatientListFilter): Promise<{ rows: PatientListRow[]; total: number }> {
  return beforeBuilt(listBuiltPatients(pool, schema, filter), { rows: [], total: 0 });
}

async function listBuiltPatients(pool: Pool, schema: string, filter: PatientListFilter): Promise<{ rows: PatientListRow[]; total: number }> {
  const where = `($1::text[] IS NULL OR p.care_team = ANY($1)) AND ($2::uuid[] IS NULL OR p.patient_id = ANY($2)) AND ($3::text IS NULL OR p.row->>'arm' = $3)`;
  const params = [filter.careTeams, filter.patientIds ?? null, filter.arm ?? null];
  const [page, count] = await Promise.all([
    pool.query<{ row: TimelinePatientRow; open_alerts: OpenAlertFacts[] }>(
      `SELECT p.row, COALESCE(a.open_alerts, '[]'::jsonb) AS open_alerts
       FROM ${schema}.timeline_patients p
       LEFT JOIN LATERAL (
         SELECT jsonb_agg(jsonb_build_object('alertId', alert_id, 'rule', rule, 'severity', severity, 'clinicalTime', state->>'clinicalTime', 'summary', state->>'summary')
                          ORDER BY clinical_time) AS open_alerts,
                count(*) FILTER (WHERE severity = 'critical') AS critical, count(*) FILTER (WHERE severity = 'warning') AS warning, count(*) AS open
         FROM ${schema}.alert_inbox WHERE patient_id = p.patient_id AND status = 'OPEN'
       ) a ON true
       WHERE ${where}
       ORDER BY COALESCE(a.critical, 0) DESC, COALESCE(a.warning, 0) DESC, COALESCE(a.open, 0) DESC, p.row->>'enrolledAt' DESC, p.patient_id
       OFFSET $4 LIMIT $5`,
      [...params, filter.offset, filter.limit],
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${schema}.timeline_patients p WHERE ${where}`, params),
  ]);
  const ids = page.rows.map((r) => r.row.patientId);
  const entries = ids.length
    ? await pool.query<{ row: TimelineEntryRow }>(
        // A few entries per patient per month (no daily counts, vitals or adverse events), from the projection's rows: no stream is folded.
        `SELECT row FROM ${schema}.timeline_entries
         WHERE patient_id = ANY($1::uuid[]) AND type = ANY($2::text[])
           AND (type <> 'LabResultRecorded' OR row->'data'->>'test' = ANY($3::text[]))
           AND (type <> 'AssessmentRecorded' OR row->'data'->>'kind' = ANY($4::text[]))
         ORDER BY clinical_time, event_id`,
        [ids, SUMMARY_ENTRIES.types, SUMMARY_ENTRIES.labTests, SUMMARY_ENTRIES.assessmentKinds],
      )
    : { rows: [] };
  const byPatient = new Map<string, TimelineEntryRow[]>(ids.map((id) => [id, []]));
  for (const { row } of entries.rows) byPatient.get(row.patientId)?.push(row);
  return {
    rows: page.rows.map((r) => ({ patient: r.row, entries: byPatient.get(r.row.patientId) ?? [], openAlerts: r.open_alerts })),
    total: count.rows[0]?.total ?? 0,
  };
}

/** Every reachable patient's stored identity (ciphertext), for a search that must decrypt to match. */
export async function patientIdentities(pool: Pool, schema: string, careTeams: string[] | null, limit: number): Promise<Array<{ patientId: string; identity: unknown; identityErased: boolean }>> {
  const { rows } = await beforeBuilt(
    pool.query<{ patient_id: string; identity: unknown; erased: boolean }>(
      `SELECT patient_id::text, row->'identity' AS identity, (row->>'identityErased')::boolean AS erased
       FROM ${schema}.timeline_patients p WHERE ($1::text[] IS NULL OR p.care_team = ANY($1)) ORDER BY patient_id LIMIT $2`,
      [careTeams, limit],
    ),
    { rows: [] },
  );
  return rows.map((r) => ({ patientId: r.patient_id, identity: r.identity, identityErased: r.erased === true }));
}
