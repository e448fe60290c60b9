import type { StoredEvent } from '@poems/event-store';
import { evolveTimelineEntry, evolveTimelinePatient, type TimelineEntryRow, type TimelineEvent, type TimelinePatientRow, timelineTargets } from '@poems/read-models';
import { COPY_FROM_ROWS, copyRows } from '../runner/copy-rows';
import { parsedPatientEvent } from '../runner/parsed-once';
import type { ApplyContext, ProjectionDefinition } from '../runner/projection-definition';
import { patientIdOfStream } from '@poems/kernel';

/** A stored patient event, parsed with its schema, as the timeline's evolve takes it. */
export function toTimelineEvent(stored: StoredEvent): TimelineEvent {
  const parsed = parsedPatientEvent(stored);
  return {
    ...parsed,
    eventId: stored.eventId,
    patientId: patientIdOfStream(stored.streamId)!,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    actor: stored.metadata.actor?.userId ?? null,
  } as TimelineEvent;
}

export const TIMELINE_PROJECTION: ProjectionDefinition = {
  name: 'timeline',
  version: 1,
  tables: [
    {
      name: 'timeline_patients',
      columns: 'patient_id uuid PRIMARY KEY, care_team text NOT NULL, row jsonb NOT NULL',
      indexes: ['(care_team)'],
    },
    {
      name: 'timeline_entries',
      columns: 'event_id uuid PRIMARY KEY, patient_id uuid NOT NULL, type text NOT NULL, clinical_time timestamptz NOT NULL, row jsonb NOT NULL',
      indexes: ['(patient_id, clinical_time)'],
    },
  ],
  handles: (event) => patientIdOfStream(event.streamId) !== undefined,
  async apply(context, stored) {
    const events = stored.map(toTimelineEvent);
    const patientIds = new Set<string>();
    const entryIds = new Set<string>();
    // An event's own entry cannot exist before it: only entries that corrections target are looked up.
    const fresh = new Set<string>();
    for (const event of events) {
      const targets = timelineTargets(event);
      if (targets.patient) patientIds.add(event.patientId);
      if (targets.entryId === event.eventId) fresh.add(event.eventId);
      else if (targets.entryId && !fresh.has(targets.entryId)) entryIds.add(targets.entryId);
    }
    const patients = await loadRows<TimelinePatientRow>(context, 'timeline_patients', 'patient_id', patientIds);
    const entries = await loadRows<TimelineEntryRow>(context, 'timeline_entries', 'event_id', entryIds);
    const changedPatients = new Set<string>();
    const changedEntries = new Set<string>();
    for (const event of events) {
      const targets = timelineTargets(event);
      if (targets.patient) {
        const next = evolveTimelinePatient(patients.get(event.patientId), event);
        if (next) {
          patients.set(event.patientId, next);
          changedPatients.add(event.patientId);
        }
      }
      if (targets.entryId) {
        const next = evolveTimelineEntry(entries.get(targets.entryId), event);
        if (next) {
          entries.set(targets.entryId, next);
          changedEntries.add(targets.entryId);
        }
      }
    }
    await upsertPatients(context, [...changedPatients].map((id) => patients.get(id)!));
    const changed = [...changedEntries].map((id) => entries.get(id)!);
    const inserted = changed.filter((row) => fresh.has(row.eventId));
    if (inserted.length >= COPY_FROM_ROWS) {
      await copyRows(context.client, context.table('timeline_entries'), ['event_id', 'patient_id', 'type', 'clinical_time', 'row'], inserted.map((r) => [r.eventId, r.patientId, r.type, r.clinicalTime, r]));
      await upsertEntries(context, changed.filter((row) => !fresh.has(row.eventId)));
    } else {
      await upsertEntries(context, changed);
    }
  },
};

async function loadRows<T>(context: ApplyContext, table: string, key: string, ids: Set<string>): Promise<Map<string, T>> {
  if (ids.size === 0) return new Map();
  const { rows } = await context.client.query<{ id: string; row: T }>(`SELECT ${key}::text AS id, row FROM ${context.table(table)} WHERE ${key} = ANY($1::uuid[])`, [[...ids]]);
  return new Map(rows.map((r) => [r.id, r.row]));
}

async function upsertPatients(context: ApplyContext, rows: TimelinePatientRow[]): Promise<void> {
  if (rows.length === 0) return;
  await context.client.query(
    `INSERT INTO ${context.table('timeline_patients')} (patient_id, care_team, row)
     SELECT (r->>'patientId')::uuid, r->>'careTeam', r FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT (patient_id) DO UPDATE SET care_team = EXCLUDED.care_team, row = EXCLUDED.row`,
    [JSON.stringify(rows)],
  );
}

async function upsertEntries(context: ApplyContext, rows: TimelineEntryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await context.client.query(
    `INSERT INTO ${context.table('timeline_entries')} (event_id, patient_id, type, clinical_time, row)
     SELECT (r->>'eventId')::uuid, (r->>'patientId')::uuid, r->>'type', (r->>'clinicalTime')::timestamptz, r FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT (event_id) DO UPDATE SET clinical_time = EXCLUDED.clinical_time, row = EXCLUDED.row`,
    [JSON.stringify(rows)],
  );
}
