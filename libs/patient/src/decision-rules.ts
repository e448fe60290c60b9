import { addDays, DomainError, isAfter, isBefore, LEGACY_TIME_ZONE, toMs, utcOffsetAt, type IsoTime, type TimeZone } from '@poems/kernel';
import { getProtocol, type ProtocolDefinition } from '@poems/protocol';
import type { EnrolmentSummary, PatientState } from './state';

export interface DecideContext {
  /** The server's time for this command: the only clock the domain sees. */
  readonly now: IsoTime;
  /** How far ahead of `now` a clinical time may be (clocks differ); default 5 minutes. */
  readonly maxClockSkewMs?: number;
  /**
   * The clinic's IANA time zone (configuration CLINIC_TIME_ZONE), recorded on the enrolment it
   * decides; every later decision for the patient uses the zone their enrolment recorded.
   * Default: DEFAULT_CLINIC_TIME_ZONE.
   */
  readonly clinicTimeZone?: TimeZone;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Baseline results may be recorded from this long before enrolment. */
export const BASELINE_WINDOW_DAYS = 365;

export function assertNotInFuture(time: IsoTime, field: string, context: DecideContext): void {
  const skew = context.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (toMs(time) > toMs(context.now) + skew) {
    throw new DomainError('TIME_IN_FUTURE', `${field} ${time} is later than now (${context.now})`, 'validation', [field]);
  }
}

/** Doses, milestones and the end of a regimen happen on or after enrolment. */
export function assertNotBeforeEnrolment(time: IsoTime, field: string, enrolment: EnrolmentSummary): void {
  if (isBefore(time, enrolment.enrolledAt)) {
    throw new DomainError('BEFORE_ENROLMENT', `${field} ${time} is before enrolment (${enrolment.enrolledAt})`, 'validation', [field]);
  }
}

/** Observations may be baseline values from up to a year before enrolment. */
export function assertWithinBaselineWindow(time: IsoTime, field: string, enrolment: EnrolmentSummary): void {
  if (isBefore(time, addDays(enrolment.enrolledAt, -BASELINE_WINDOW_DAYS))) {
    throw new DomainError(
      'BEFORE_ENROLMENT',
      `${field} ${time} is more than ${BASELINE_WINDOW_DAYS} days before enrolment (${enrolment.enrolledAt})`,
      'validation',
      [field],
    );
  }
}

export function requireEnrolment(state: PatientState, patientId: string): EnrolmentSummary {
  if (state.status === 'NOT_ENROLLED' || !state.enrolment) {
    throw new DomainError('PATIENT_NOT_ENROLLED', `Patient ${patientId} is not enrolled`, 'not_found', ['patientId']);
  }
  if (state.patientId !== patientId) {
    // The caller folded another patient's stream: refuse rather than write into it.
    throw new DomainError('PATIENT_ID_MISMATCH', `Command for ${patientId} decided on ${state.patientId}`, 'validation', ['patientId']);
  }
  return state.enrolment;
}

/**
 * After the regimen has ended, treatment facts are refused unless they happened before its end
 * (a late entry of a dose that was given while the regimen ran).
 */
export function assertRegimenOpenAt(state: PatientState, time: IsoTime, field: string): void {
  if (state.ended && isAfter(time, state.ended.endedAt)) {
    throw new DomainError('REGIMEN_ENDED', `The regimen ended at ${state.ended.endedAt}; ${field} ${time} is later`, 'conflict', [field]);
  }
}

export function protocolFor(enrolment: EnrolmentSummary): ProtocolDefinition {
  return getProtocol(enrolment.protocol.id, enrolment.protocol.version);
}

/** The zone a patient's clinic days are counted in: the one recorded at enrolment (UTC before zones were recorded). */
export function clinicZoneOf(enrolment: Pick<EnrolmentSummary, 'clinicTimeZone'>): TimeZone {
  return enrolment.clinicTimeZone ?? LEGACY_TIME_ZONE;
}

/**
 * Event data with the clinic's offset at its clinical time, kept beside the UTC time. Patients
 * enrolled before zones were recorded keep events of the old shape (their days are UTC days).
 */
export function withClinicalOffset<D extends object>(data: D, time: IsoTime, enrolment: Pick<EnrolmentSummary, 'clinicTimeZone'>): D {
  if (enrolment.clinicTimeZone === undefined) return data;
  return { ...data, clinicalTimeOffset: utcOffsetAt(time, enrolment.clinicTimeZone) };
}
