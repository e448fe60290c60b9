import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent } from '@poems/event-store';
import { decide, evolve, initialState, type PatientCommandInput, patientEventSchemas, type PatientRecordedEvent, type PatientState, patientStreamId } from '@poems/patient';

const METADATA: EventMetadata = { actor: { userId: 'bench-clinician', role: 'clinician' }, correlationId: 'bench', causationId: null, source: 'api' };

/** A command decided on a patient's state, as the API's handlers decide it: its events (with fresh ids) and the state after them. */
export function decideEvents(command: PatientCommandInput, state: PatientState, now: string, metadata = METADATA): { events: NewEvent[]; state: PatientState } {
  let next = state;
  const events = decide(command, state, { now }).map((decided): NewEvent => {
    const eventId = randomUUID();
    next = evolve(next, { ...decided, eventId, recordedAt: now } as PatientRecordedEvent);
    return { eventId, type: decided.type, schemaVersion: patientEventSchemas[decided.type].schemaVersion, data: decided.data, metadata, occurredAt: decided.occurredAt };
  });
  return { events, state: next };
}

/**
 * Records commands for patients held in memory, as the API's command handler would (decide on
 * the folded state, append with the expected revision) minus the stream read: the benchmark is
 * the only writer of these streams.
 */
export class PatientWriter {
  private readonly patients = new Map<string, { state: PatientState; revision: number; chain: Promise<unknown> }>();

  constructor(private readonly store: EventStore) {}

  /** Decides and appends; answers the appended events with their global positions. */
  record(command: PatientCommandInput): Promise<{ events: NewEvent[]; positions: number[] }> {
    const id = String(command.patientId);
    const patient = this.patients.get(id) ?? { state: initialState, revision: -1, chain: Promise.resolve() };
    this.patients.set(id, patient);
    const { events, state } = decideEvents(command, patient.state, new Date().toISOString());
    patient.state = state;
    // Appends to one stream go one after another; different patients' run concurrently.
    const appended = patient.chain.then(async () => {
      const result = await this.store.appendToStream(patientStreamId(id), events, { expectedRevision: patient.revision < 0 ? 'no_stream' : patient.revision });
      patient.revision = result.nextExpectedRevision;
      return { events, positions: result.positions };
    });
    patient.chain = appended.catch(() => undefined);
    return appended;
  }
}
