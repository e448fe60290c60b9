import { DomainError, type IsoTime } from '@poems/kernel';
import type { PatientCommandInput } from '../command-schema';
import { decide } from '../decide';
import type { PatientDecidedEvent, PatientRecordedEvent } from '../event-registry';
import { evolve } from '../evolve';
import { initialState, type PatientState } from '../state';

/** Test-only helpers for given(events) / when(command) / then(events | error) specs. */

export const PATIENT_ID = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
export const OTHER_PATIENT_ID = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
export const NOW: IsoTime = '2024-06-01T00:00:00.000Z';

/** A valid UUID per position: event n of a `given` list has id eventId(n). */
export function eventId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export type GivenEvent = PatientDecidedEvent & { readonly eventId?: string; readonly recordedAt?: IsoTime };

/** Folds events as if stored in this order; ids default to eventId(1), eventId(2), …. */
export function given(...events: GivenEvent[]): PatientState {
  return events.reduce<PatientState>((state, e, i) => {
    const recorded = {
      ...e,
      eventId: e.eventId ?? eventId(i + 1),
      recordedAt: e.recordedAt ?? new Date(Date.parse(NOW) - (events.length - i) * 60_000).toISOString(),
    } as PatientRecordedEvent;
    return evolve(state, recorded);
  }, initialState);
}

export function when(state: PatientState, command: PatientCommandInput, now: IsoTime = NOW, maxClockSkewMs?: number, clinicTimeZone?: string): PatientDecidedEvent[] {
  return decide(command, state, { now, maxClockSkewMs, clinicTimeZone });
}

/** The DomainError a decision throws (fails the test if it does not throw one). */
export function refusal(state: PatientState, command: PatientCommandInput, now: IsoTime = NOW): DomainError {
  try {
    decide(command, state, { now });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`Expected ${command.type} to be refused`);
}

/** Decides and folds in turn, as a command handler would; returns the final state. */
export function afterCommands(state: PatientState, commands: ReadonlyArray<PatientCommandInput>, firstId = 100): PatientState {
  let next = state;
  commands.forEach((command, i) => {
    for (const e of decide(command, next, { now: NOW })) {
      next = evolve(next, { ...e, eventId: eventId(firstId + i), recordedAt: NOW } as PatientRecordedEvent);
    }
  });
  return next;
}
