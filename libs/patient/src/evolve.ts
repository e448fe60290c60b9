import { assertNever } from '@poems/kernel';
import { insertByTime } from './clinical-order';
import { applyCorrection } from './correction-fold';
import { enrolmentMeasurement } from './enrolment-measurement';
import { isFactEvent, type PatientRecordedEvent } from './event-registry';
import { clinicalTimeOfFact, factOfEvent } from './facts/fact-registry';
import type { EnrolmentSummary, Entry, PatientState } from './state';

/**
 * Folds one stored event into the state. Pure and total: it never throws on a valid sequence and
 * never reads the identity's content (it may be encrypted or erased by the time it is folded).
 */
export function evolve(state: PatientState, event: PatientRecordedEvent): PatientState {
  const meta = { eventId: event.eventId, recordedAt: event.recordedAt };
  if (isFactEvent(event)) {
    const kind = factOfEvent(event.type)!;
    const list = state[kind.stateKey] as ReadonlyArray<Entry<object>>;
    const entry = { ...event.data, ...kind.entryExtra, ...meta };
    return { ...state, [kind.stateKey]: insertByTime(list, entry, (e) => clinicalTimeOfFact(kind, e)) };
  }
  switch (event.type) {
    case 'PatientEnrolled': {
      const { identity, ...enrolled } = event.data;
      const enrolment: EnrolmentSummary = { ...enrolled, ...meta, identityErased: false };
      const others = state.bodyMeasurements.filter((m) => m.source !== 'ENROLMENT');
      return {
        ...state,
        status: state.ended ? 'ENDED' : 'ENROLLED',
        patientId: enrolled.patientId,
        enrolment,
        identity,
        bodyMeasurements: insertByTime(others, enrolmentMeasurement(enrolment), (m) => m.measuredAt),
      };
    }
    case 'RegimenEnded':
      return { ...state, status: 'ENDED', ended: { ...event.data, ...meta } };
    case 'EventCorrected':
      return applyCorrection(state, event);
    case 'PatientIdentityErased':
      return {
        ...state,
        ...(state.enrolment && { enrolment: { ...state.enrolment, identityErased: true } }),
        identity: { erased: true },
        identityErasure: { ...meta, erasedAt: event.occurredAt, reason: event.data.reason },
      };
    default:
      return assertNever(event, 'patient event');
  }
}
