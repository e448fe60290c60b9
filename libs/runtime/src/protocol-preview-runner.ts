import { type AlertRuleCode, type ExistingAlert, type PatientPreview, previewPatient } from '@poems/alert-rules';
import type { EventStore } from '@poems/event-store';
import { patientIdOfStream } from '@poems/kernel';
import { type ProtocolDefinition, withCandidateProtocol } from '@poems/protocol';
import type { Pool } from 'pg';
import { loadPatient } from './patient-repository';

export interface PreviewReport {
  readonly candidate: { readonly id: string; readonly version: number; readonly title: string };
  readonly evaluatedAt: string;
  readonly patients: ReadonlyArray<PatientPreview>;
  /** Per rule: alerts the candidate would add and remove across all patients. */
  readonly byRule: Readonly<Record<string, { added: number; removed: number }>>;
  readonly refused: number;
}

/** Every patient with a stream, in the order their first event was stored. */
async function patientIds(store: EventStore): Promise<string[]> {
  const ids = new Set<string>();
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: 5000 });
    if (page.length === 0) return [...ids];
    for (const event of page) {
      const id = patientIdOfStream(event.streamId);
      if (id) ids.add(id);
    }
    after = page.at(-1)!.globalPosition;
  }
}

/** The alerts raised for a patient, from the alert inbox (empty when the alerts projection is not there). */
async function raisedAlerts(pool: Pool, schema: string, patientId: string): Promise<Array<Pick<ExistingAlert, 'rule' | 'episodeKey' | 'status'>>> {
  const { rows } = await pool
    .query<{ rule: string; episode_key: string; status: string }>(`SELECT rule, state->>'episodeKey' AS episode_key, status FROM ${schema}.alert_inbox WHERE patient_id = $1`, [patientId])
    .catch(() => ({ rows: [] as Array<{ rule: string; episode_key: string; status: string }> }));
  return rows.map((row) => ({ rule: row.rule as AlertRuleCode, episodeKey: row.episode_key, status: row.status as ExistingAlert['status'] }));
}

/**
 * The impact preview (issue 12): replays every patient's history under a candidate definition and
 * compares what its rules find with the alerts raised. Reads only: nothing is written, and the
 * candidate is never registered (the domain sees it only inside each patient's synchronous replay).
 */
export async function previewProtocol(
  deps: { store: EventStore; pool: Pool; schema: string },
  candidate: ProtocolDefinition,
  options: { now: string; onProgress?: (done: number, total: number) => void },
): Promise<PreviewReport> {
  // Refuses, before any work, a candidate that would redefine a published version (PROTOCOL_CONFLICT).
  withCandidateProtocol(candidate, () => undefined);
  const ids = await patientIds(deps.store);
  const patients: PatientPreview[] = [];
  const byRule: Record<string, { added: number; removed: number }> = {};
  const count = (rule: string, field: 'added' | 'removed') => {
    byRule[rule] = byRule[rule] ?? { added: 0, removed: 0 };
    byRule[rule]![field] += 1;
  };
  options.onProgress?.(0, ids.length);
  for (const [index, patientId] of ids.entries()) {
    const { state } = await loadPatient(deps.store, patientId);
    if (state.enrolment) {
      const preview = previewPatient(candidate, state, await raisedAlerts(deps.pool, deps.schema, patientId), options.now);
      preview.added.forEach((a) => count(a.rule, 'added'));
      preview.removed.forEach((a) => count(a.rule, 'removed'));
      patients.push(preview);
    }
    options.onProgress?.(index + 1, ids.length);
  }
  return {
    candidate: { id: candidate.id, version: candidate.version, title: candidate.title },
    evaluatedAt: options.now,
    patients,
    byRule,
    refused: patients.filter((p) => p.refused).length,
  };
}
