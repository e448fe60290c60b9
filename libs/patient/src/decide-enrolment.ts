import { ageOnDate, DEFAULT_CLINIC_TIME_ZONE, DomainError, localDate, type DecidedEvent, type IsoTime, type TimeZone } from '@poems/kernel';
import { ageBandFor, armFor, assertEligible, bodySurfaceArea, DEFAULT_PROTOCOL, getProtocol, protocolRef, type AgeBand } from '@poems/protocol';
import { definedOnly } from './command-fields';
import { assertNotInFuture, withClinicalOffset, type DecideContext } from './decision-rules';
import type { EnrollPatientBody } from './enrolment-commands';
import type { AgeBandRecord, PatientEnrolledData } from './enrolment-events';

export const MAX_AGE_YEARS = 120;

/**
 * Age in completed years on the clinic date of enrolment (a patient enrolled before 09:00 JST on
 * their birthday is already a year older); refuses a birth after enrolment or an age over 120.
 */
export function enrolmentAge(birthDate: string, enrolledAt: IsoTime, zone: TimeZone): number {
  const enrolmentDate = localDate(enrolledAt, zone);
  if (birthDate > enrolmentDate) {
    throw new DomainError('BIRTH_DATE_AFTER_ENROLMENT', `birthDate ${birthDate} is after enrolment (${enrolmentDate} in ${zone})`, 'validation', ['birthDate']);
  }
  const age = ageOnDate(birthDate, enrolmentDate);
  if (age > MAX_AGE_YEARS) {
    throw new DomainError('AGE_OUT_OF_RANGE', `Age ${age} at enrolment is over ${MAX_AGE_YEARS}`, 'validation', ['birthDate']);
  }
  return age;
}

export function ageBandRecord(band: AgeBand): AgeBandRecord {
  return { minAge: band.minAge, maxAge: band.maxAge, doseFactor: band.doseFactor };
}

export function decideEnrolment(cmd: EnrollPatientBody, context: DecideContext): DecidedEvent<'PatientEnrolled', PatientEnrolledData> {
  assertNotInFuture(cmd.enrolledAt, 'enrolledAt', context);
  const protocol = cmd.protocol ? getProtocol(cmd.protocol.id, cmd.protocol.version) : DEFAULT_PROTOCOL;
  const clinicTimeZone = context.clinicTimeZone ?? DEFAULT_CLINIC_TIME_ZONE;
  const age = enrolmentAge(cmd.birthDate, cmd.enrolledAt, clinicTimeZone);
  assertEligible(protocol, age, cmd.transplantIneligibleReason);
  const { arm, armReason } = armFor(protocol, age, cmd.transplantIneligibleReason);
  const data: PatientEnrolledData = definedOnly({
    patientId: cmd.patientId,
    identity: definedOnly({ birthDate: cmd.birthDate, name: cmd.name, mrn: cmd.mrn }),
    sex: cmd.sex,
    careTeam: cmd.careTeam,
    enrolledAt: cmd.enrolledAt,
    ageAtEnrolment: age,
    ageBand: ageBandRecord(ageBandFor(protocol, age)),
    arm,
    armReason,
    transplantIneligibleReason: cmd.transplantIneligibleReason,
    protocol: protocolRef(protocol),
    heightCm: cmd.heightCm,
    weightKg: cmd.weightKg,
    bsaM2: bodySurfaceArea(cmd.heightCm, cmd.weightKg, protocol.bsaFormula),
    bsaFormula: protocol.bsaFormula,
    childbearingPotential: cmd.childbearingPotential,
    clinicTimeZone,
  });
  return { type: 'PatientEnrolled', data: withClinicalOffset(data, cmd.enrolledAt, { clinicTimeZone }), occurredAt: cmd.enrolledAt };
}
