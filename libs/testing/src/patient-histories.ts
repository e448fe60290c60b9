import { randomUUID } from 'node:crypto';
import { decide, evolve, initialState, type PatientCommandInput, patientEventSchemas, type PatientRecordedEvent, type PatientState } from '@poems/patient';
import { patientStreamId } from '@poems/kernel';

/** The part of the event store port used here (structural, so this lib does not depend on it). */
interface StoredLike {
  eventId: string;
  type: string;
  data: unknown;
  occurredAt: string;
  recordedAt: string;
}
interface AppendableStore<T extends StoredLike> {
  readStream(streamId: string): Promise<T[]>;
  appendToStream(streamId: string, events: object[], options: { expectedRevision: 'no_stream' | number }): Promise<unknown>;
}

/** Test support: records commands for a patient through the real decider, as the API would. */
export async function recordCommands<T extends StoredLike>(store: AppendableStore<T>, commands: PatientCommandInput[], now = '2026-06-01T00:00:00.000Z'): Promise<T[]> {
  const patientId = String(commands[0]!.patientId);
  const streamId = patientStreamId(patientId);
  let state: PatientState = initialState;
  for (const stored of await store.readStream(streamId)) {
    state = evolve(state, { eventId: stored.eventId, type: stored.type, data: stored.data, occurredAt: stored.occurredAt, recordedAt: stored.recordedAt } as PatientRecordedEvent);
  }
  for (const command of commands) {
    const decided = decide(command, state, { now });
    const current = await store.readStream(streamId);
    const events = decided.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: patientEventSchemas[event.type].schemaVersion,
      data: event.data,
      metadata: { actor: { userId: 'tester', role: 'clinician' as const }, correlationId: randomUUID(), causationId: null },
      occurredAt: event.occurredAt,
    }));
    await store.appendToStream(streamId, events, { expectedRevision: current.length - 1 < 0 ? 'no_stream' : current.length - 1 });
    for (const event of events) state = evolve(state, { ...event, recordedAt: now } as PatientRecordedEvent);
  }
  return store.readStream(streamId);
}

/** A thalidomide patient with a few months of care and a corrected VEGF. */
export function thalidomideHistory(patientId = randomUUID(), careTeam = 'haem-a'): PatientCommandInput[] {
  const day = (n: number, hour = 9) => new Date(Date.parse('2025-01-06T00:00:00Z') + n * 86_400_000 + hour * 3_600_000).toISOString();
  const commands: PatientCommandInput[] = [
    { type: 'EnrollPatient', patientId, birthDate: '1950-03-03', sex: 'male', heightCm: 168, weightKg: 62, careTeam, enrolledAt: day(0), name: 'Test Patient', mrn: 'MRN-1' },
    { type: 'RecordLabResult', patientId, test: 'VEGF', value: 2500, unit: 'pg/mL', collectedAt: day(0, 8), specimen: 'serum', method: 'RIA' },
    { type: 'RecordAssessment', patientId, kind: 'ONLS', score: 6, assessedAt: day(0, 10) },
    { type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: day(1) },
    { type: 'ChangeThalidomideDose', patientId, mgPerDay: 200, effectiveAt: day(15) },
  ];
  for (let cycle = 0; cycle < 4; cycle++) {
    commands.push({ type: 'RecordDexamethasoneDose', patientId, doseMg: 21, givenAt: day(1 + cycle * 28) });
    commands.push({ type: 'RecordLabResult', patientId, test: 'VEGF', value: 2000 - cycle * 400, unit: 'pg/mL', collectedAt: day(28 + cycle * 28, 8), specimen: 'serum', method: 'RIA' });
  }
  return commands;
}
