import { ageInYears, DomainError, isAfter, type DecidedEvent, type IsoTime } from '@poems/kernel';
import { ageBandFor, armFor, bodySurfaceArea, DEFAULT_PROTOCOL, getProtocol, protocolRef, type AgeBand } from '@poems/protocol';
import { definedOnly } from './command-fields';
import { assertNotInFuture, type DecideContext } from './decision-rules';
import type { EnrollPatientBody } from './enrolment-commands';
import type { AgeBandRecord, PatientEnrolledData } from './enrolment-events';

export const MAX_AGE_YEARS = 120;

/** Age in completed years at enrolment; refuses a birth after enrolment or an age over 120. */
export function enrolmentAge(birthDate: string, enrolledAt: IsoTime): number {
  if (isAfter(`${birthDate}T00:00:00.000Z`, enrolledAt)) {
    throw new DomainError('BIRTH_DATE_AFTER_ENROLMENT', `birthDate ${birthDate} is after enrolment (${enrolledAt})`, 'validation', ['birthDate']);
  }
  const age = ageInYears(birthDate, enrolledAt);
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
  const age = enrolmentAge(cmd.birthDate, cmd.enrolledAt);
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
  });
  return { type: 'PatientEnrolled', data, occurredAt: cmd.enrolledAt };
}
