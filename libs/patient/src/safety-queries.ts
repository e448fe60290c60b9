import { endOfClinicDayAfter, isAfter, isBefore, type IsoTime } from '@poems/kernel';
import type { ProtocolDefinition } from '@poems/protocol';
import { clinicZoneOf } from './decision-rules';
import type { EnrolmentSummary, PatientState } from './state';

/** How the patient's childbearing potential is known (the timeline says which). */
export type ChildbearingPotentialBasis =
  /** Recorded at enrolment or by a correction. */
  | 'RECORDED'
  /** Not recorded; a female (or sex not known) patient below the protocol's age is assumed of childbearing potential. */
  | 'ASSUMED_BELOW_AGE'
  /** Not recorded; from the protocol's age on she is assumed not of childbearing potential. */
  | 'ASSUMED_NOT_FROM_AGE'
  /** Not recorded, and a male patient. */
  | 'NOT_APPLICABLE';

export interface ChildbearingPotential {
  readonly value: boolean;
  readonly basis: ChildbearingPotentialBasis;
  /** The protocol's age of the assumption, when one was made. */
  readonly assumptionAge?: number;
}

/**
 * Whether the pregnancy programme applies (issue 12). What was recorded wins; otherwise a female
 * patient, and one whose sex is other or not known (the safe side), is assumed of childbearing
 * potential below `safety.pregnancy.assumeChildbearingPotentialBelowAge` (55) at enrolment, and
 * not from that age.
 */
export function childbearingPotentialOf(
  enrolment: Pick<EnrolmentSummary, 'childbearingPotential' | 'sex' | 'ageAtEnrolment'>,
  protocol: ProtocolDefinition,
): ChildbearingPotential {
  if (enrolment.childbearingPotential !== undefined) return { value: enrolment.childbearingPotential, basis: 'RECORDED' };
  if (enrolment.sex === 'male') return { value: false, basis: 'NOT_APPLICABLE' };
  const age = protocol.safety.pregnancy.assumeChildbearingPotentialBelowAge;
  return enrolment.ageAtEnrolment < age
    ? { value: true, basis: 'ASSUMED_BELOW_AGE', assumptionAge: age }
    : { value: false, basis: 'ASSUMED_NOT_FROM_AGE', assumptionAge: age };
}

/** One stretch of thalidomide treatment: from a start (> 0 mg/day) to its final stop or the regimen's end. */
export interface ThalidomideCourse {
  readonly startedAt: IsoTime;
  readonly startEventId: string;
  /** Absent while it runs. */
  readonly endedAt?: IsoTime;
  readonly endEventId?: string;
}

/**
 * Thalidomide courses. An interruption that ends by the end of the clinic day `restartWithinDays`
 * after the stop (the pregnancy programme's follow-up) stays inside its course, as TERMS / REMS keep
 * testing through it; a longer one ends the course, and a restart begins a new one. The regimen's
 * end ends a course still running.
 */
export function thalidomideCourses(state: PatientState, restartWithinDays: number): ThalidomideCourse[] {
  const zone = clinicZoneOf(state.enrolment ?? {});
  const courses: Array<{ startedAt: IsoTime; startEventId: string; endedAt?: IsoTime; endEventId?: string }> = [];
  for (const change of state.thalidomide) {
    const current = courses.at(-1);
    if (change.mgPerDay > 0) {
      const resumes = current?.endedAt !== undefined && !isAfter(change.effectiveAt, endOfClinicDayAfter(current.endedAt, restartWithinDays, zone));
      if (current && (current.endedAt === undefined || resumes)) {
        delete current.endedAt;
        delete current.endEventId;
      } else {
        courses.push({ startedAt: change.effectiveAt, startEventId: change.eventId });
      }
    } else if (current && current.endedAt === undefined) {
      current.endedAt = change.effectiveAt;
      current.endEventId = change.eventId;
    }
  }
  const ended = state.ended;
  const last = courses.at(-1);
  if (ended && last && (last.endedAt === undefined || isBefore(ended.endedAt, last.endedAt)) && !isBefore(ended.endedAt, last.startedAt)) {
    last.endedAt = ended.endedAt;
    last.endEventId = ended.eventId;
  }
  return courses;
}
