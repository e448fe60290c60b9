import { assertNever, type RecordedEvent } from '@poems/kernel';
import { insertByTime } from './clinical-order';
import { isFactCorrection, type EventCorrectedData } from './correction-event';
import { enrolmentMeasurement } from './enrolment-measurement';
import { entryValues } from './entry-values';
import { clinicalTimeOfFact, factOfEvent } from './facts/fact-registry';
import type { CorrectionRecord, EnrolmentSummary, Entry, PatientState } from './state';

export { entryValues } from './entry-values';
export { enrolmentMeasurement } from './enrolment-measurement';

/**
 * Applies an EventCorrected: the original's entry now shows the corrected values, keeps its first
 * values as `original`, and moves to its corrected clinical time. A correction whose original is
 * unknown to this state changes nothing (the decider never emits one).
 */
export function applyCorrection(state: PatientState, event: RecordedEvent<'EventCorrected', EventCorrectedData>): PatientState {
  const c = event.data;
  const id = c.correctsEventId;
  const record = (previous: unknown): PatientState['corrections'] => ({
    ...state.corrections,
    [id]: [
      ...(state.corrections[id] ?? []),
      {
        correctionEventId: event.eventId,
        correctedType: c.correctedType,
        reason: c.reason,
        recordedAt: event.recordedAt,
        correctedAt: event.occurredAt,
        previous,
      } satisfies CorrectionRecord,
    ],
  });
  const corrected = <E extends Entry<object>>(old: E): E =>
    ({ ...c.data, eventId: old.eventId, recordedAt: old.recordedAt, correctedBy: event.eventId, original: old.original ?? entryValues(old) }) as unknown as E;

  if (isFactCorrection(c)) {
    const kind = factOfEvent(c.correctedType)!;
    const list = state[kind.stateKey] as ReadonlyArray<Entry<object>>;
    const old = list.find((e) => e.eventId === id && (kind.ownsEntry?.(e as never) ?? true));
    if (!old) return state;
    const entry = { ...corrected(old), ...kind.entryExtra };
    const others = list.filter((e) => e !== old);
    return { ...state, [kind.stateKey]: insertByTime(others, entry, (e) => clinicalTimeOfFact(kind, e)), corrections: record(entryValues(old)) };
  }
  switch (c.correctedType) {
    case 'PatientEnrolled': {
      const old = state.enrolment;
      if (!old || old.eventId !== id) return state;
      const { identity, ...enrolled } = c.data;
      const previous = entryValues(old);
      const enrolment: EnrolmentSummary = {
        ...enrolled,
        eventId: old.eventId,
        recordedAt: old.recordedAt,
        identityErased: old.identityErased,
        correctedBy: event.eventId,
        original: old.original ?? previous,
      };
      const others = state.bodyMeasurements.filter((m) => m.source !== 'ENROLMENT');
      return {
        ...state,
        enrolment,
        // Once erased, stays erased whatever a later correction carried.
        identity: old.identityErased ? { erased: true } : identity,
        bodyMeasurements: insertByTime(others, enrolmentMeasurement(enrolment), (m) => m.measuredAt),
        corrections: record(previous),
      };
    }
    case 'RegimenEnded': {
      const old = state.ended;
      if (!old || old.eventId !== id) return state;
      return { ...state, ended: corrected(old), corrections: record(entryValues(old)) };
    }
    default:
      return assertNever(c, 'corrected event type');
  }
}
