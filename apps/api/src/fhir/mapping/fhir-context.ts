import type { Patient, Reference, Resource } from '@medplum/fhirtypes';

/** What each mapper of a patient's facts knows besides the entry. */
export interface MappingContext {
  patientId: string;
  subject: Reference<Patient>;
  /** The resource id of an entry recorded by this event. */
  idOf(eventId: string): string;
  /** When the entry last changed (its recording, or its latest correction). */
  lastUpdated(entry: { eventId: string; recordedAt: string; correctedBy?: string }): string;
}

/** A resource and the event that recorded it (Provenance and alert evidence point back through it). */
export interface Mapped<R extends Resource = Resource> {
  eventId: string;
  resource: R;
  /** Other events that changed this resource (a stop closing a thromboprophylaxis period): their Provenance points here. */
  alsoFrom?: string[];
}

export function statusOf(entry: { correctedBy?: string }): 'final' | 'corrected' {
  return entry.correctedBy ? 'corrected' : 'final';
}
