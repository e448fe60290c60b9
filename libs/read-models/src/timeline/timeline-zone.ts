import type { TimeZone } from '@poems/kernel';
import { clinicZoneOf } from '@poems/patient';
import type { TimelinePatientRow } from './timeline-rows';

/** The patient's clinic time zone, as their enrolment recorded it (UTC for enrolments from before zones). */
export function timelineZone(patient: Pick<TimelinePatientRow, 'enrolment'>): TimeZone {
  const recorded = patient.enrolment['clinicTimeZone'];
  return clinicZoneOf({ clinicTimeZone: typeof recorded === 'string' ? recorded : undefined });
}
