import { assertNever } from '@poems/kernel';
import { clinicalTimeOf, insertByTime } from './clinical-order';
import { applyCorrection, enrolmentMeasurement } from './correction-fold';
import type { PatientRecordedEvent } from './event-registry';
import type { EnrolmentSummary, PatientState } from './state';

/**
 * Folds one stored event into the state. Pure and total: it never throws on a valid sequence and
 * never reads the identity's content (it may be encrypted or erased by the time it is folded).
 */
export function evolve(state: PatientState, event: PatientRecordedEvent): PatientState {
  const meta = { eventId: event.eventId, recordedAt: event.recordedAt };
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
        bodyMeasurements: insertByTime(others, enrolmentMeasurement(enrolment), clinicalTimeOf.bodyMeasurements),
      };
    }
    case 'BodyMeasured':
      return {
        ...state,
        bodyMeasurements: insertByTime(state.bodyMeasurements, { ...event.data, ...meta, source: 'MEASUREMENT' }, clinicalTimeOf.bodyMeasurements),
      };
    case 'ThalidomideDoseChanged':
      return { ...state, thalidomide: insertByTime(state.thalidomide, { ...event.data, ...meta }, clinicalTimeOf.thalidomide) };
    case 'DexamethasoneDoseGiven':
      return { ...state, dexamethasone: insertByTime(state.dexamethasone, { ...event.data, ...meta }, clinicalTimeOf.dexamethasone) };
    case 'TransplantMilestoneRecorded':
      return { ...state, milestones: insertByTime(state.milestones, { ...event.data, ...meta }, clinicalTimeOf.milestones) };
    case 'LabResultRecorded':
      return { ...state, labs: insertByTime(state.labs, { ...event.data, ...meta }, clinicalTimeOf.labs) };
    case 'AssessmentRecorded':
      return { ...state, assessments: insertByTime(state.assessments, { ...event.data, ...meta }, clinicalTimeOf.assessments) };
    case 'AdverseEventRecorded':
      return { ...state, adverseEvents: insertByTime(state.adverseEvents, { ...event.data, ...meta }, clinicalTimeOf.adverseEvents) };
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
