import type { BodyMeasurementEntry, EnrolmentSummary } from './state';

/** The enrolment's height and weight count as the first body measurement (source ENROLMENT). */
export function enrolmentMeasurement(enrolment: EnrolmentSummary): BodyMeasurementEntry {
  const { heightCm, weightKg, enrolledAt, bsaM2, bsaFormula, eventId, recordedAt } = enrolment;
  return { heightCm, weightKg, measuredAt: enrolledAt, bsaM2, bsaFormula, eventId, recordedAt, source: 'ENROLMENT' };
}
