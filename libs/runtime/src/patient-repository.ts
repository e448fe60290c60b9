import type { EventStore, StoredEvent } from '@poems/event-store';
import type { IdentityVault } from '@poems/identity-vault';
import type { RecordedEvent } from '@poems/kernel';
import { evolve, initialState, parsePatientEvent, type PatientRecordedEvent, type PatientState, patientStreamId } from '@poems/patient';

/** A patient's stream read back, parsed with each event's schema, and folded with the domain's evolve. */
export interface LoadedPatient {
  state: PatientState;
  /** Revision of the last event read (-1 when the stream is empty). */
  revision: number;
  stored: StoredEvent[];
  events: PatientRecordedEvent[];
}

export function toRecordedEvent(stored: StoredEvent): RecordedEvent {
  return {
    eventId: stored.eventId,
    type: stored.type,
    data: stored.data,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    streamId: stored.streamId,
    revision: stored.revision,
    globalPosition: stored.globalPosition,
  };
}

/** Parses a stored patient event (upcasting old schema versions) into what `evolve` takes. */
export function toPatientEvent(stored: StoredEvent): PatientRecordedEvent {
  const parsed = parsePatientEvent(stored.type, stored.schemaVersion, stored.data);
  return { ...toRecordedEvent(stored), type: parsed.type, data: parsed.data } as PatientRecordedEvent;
}

export function foldPatient(events: PatientRecordedEvent[]): PatientState {
  return events.reduce(evolve, initialState);
}

/**
 * `asOf`: the patient as the system held it at that recorded time (time travel).
 * `revealWith`: decrypt identity in memory (only for callers entitled to it, e.g. an identity correction).
 */
export async function loadPatient(
  store: EventStore,
  patientId: string,
  options: { asOf?: string; revealWith?: IdentityVault } = {},
): Promise<LoadedPatient> {
  const stored = await store.readStream(patientStreamId(patientId), { toRecordedAt: options.asOf });
  const readable = options.revealWith ? await revealIdentities(stored, patientId, options.revealWith) : stored;
  const events = readable.map(toPatientEvent);
  return { state: foldPatient(events), revision: stored.length ? stored[stored.length - 1]!.revision : -1, stored, events };
}

/** The same events with identity envelopes replaced by plaintext, or by {erased: true}. */
export async function revealIdentities(stored: StoredEvent[], patientId: string, vault: IdentityVault): Promise<StoredEvent[]> {
  return Promise.all(
    stored.map(async (event) => {
      const data = event.data as Record<string, unknown>;
      if (data && typeof data === 'object' && 'identity' in data) {
        return { ...event, data: { ...data, identity: await vault.reveal(patientId, data['identity']) } };
      }
      const inner = data?.['data'] as Record<string, unknown> | undefined;
      if (event.type === 'EventCorrected' && inner && typeof inner === 'object' && 'identity' in inner) {
        return { ...event, data: { ...data, data: { ...inner, identity: await vault.reveal(patientId, inner['identity']) } } };
      }
      return event;
    }),
  );
}
