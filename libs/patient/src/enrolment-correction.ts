import { DomainError } from '@poems/kernel';
import { ageBandFor, armFor, bodySurfaceArea } from '@poems/protocol';
import { z } from 'zod';
import { calendarDate, definedOnly, heightCmField, parseOrThrow, text, weightKgField } from './command-fields';
import { applyChanges, sameValues } from './correction-support';
import { ageBandRecord, enrolmentAge } from './decide-enrolment';
import { clinicZoneOf, protocolFor } from './decision-rules';
import { sexSchema } from './enrolment-commands';
import { patientIdentitySchema, type PatientEnrolledData, type StoredIdentity } from './enrolment-events';
import type { EnrolmentSummary, PatientState } from './state';

export const ENROLMENT_CORRECTABLE_FIELDS = ['heightCm', 'weightKg', 'birthDate', 'sex', 'name', 'mrn', 'childbearingPotential'] as const;
const IDENTITY_FIELDS = ['birthDate', 'name', 'mrn'] as const;
const BODY_FIELDS = ['heightCm', 'weightKg', 'sex', 'childbearingPotential'] as const;

const bodyFieldsSchema = z.strictObject({ heightCm: heightCmField, weightKg: weightKgField, sex: sexSchema, childbearingPotential: z.boolean().optional() });
const identityInputSchema = z.strictObject({ birthDate: calendarDate, name: text(200).optional(), mrn: text(64).optional() });

function pick(changes: Record<string, unknown>, fields: ReadonlyArray<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).filter(([k]) => fields.includes(k)));
}

/** The current identity, which a correction of identity fields must be able to read and rewrite. */
function readableIdentity(state: PatientState, enrolment: EnrolmentSummary, field: string) {
  if (enrolment.identityErased) {
    throw new DomainError('IDENTITY_ERASED', 'The identity was erased and cannot be corrected', 'conflict', [field]);
  }
  const current = patientIdentitySchema.safeParse(state.identity);
  if (!current.success) {
    throw new DomainError('IDENTITY_NOT_READABLE', 'The identity must be decrypted before it can be corrected', 'conflict', [field]);
  }
  return current.data;
}

/**
 * Corrects enrolment facts. The arm is never reassigned: when a corrected birth date puts the
 * patient in another arm's age band, the arm stays and `armNoLongerMatchesAge` says so. The age
 * band (and so the dose factor) follows the corrected age.
 */
export function correctEnrolment(
  changes: Record<string, unknown>,
  state: PatientState,
  enrolment: EnrolmentSummary,
): PatientEnrolledData {
  const body = definedOnly({ heightCm: enrolment.heightCm, weightKg: enrolment.weightKg, sex: enrolment.sex, childbearingPotential: enrolment.childbearingPotential });
  const nextBody = parseOrThrow(bodyFieldsSchema, applyChanges(body, pick(changes, BODY_FIELDS)), 'INVALID_CORRECTION');

  let identity: StoredIdentity = state.identity ?? { erased: true };
  let age = enrolment.ageAtEnrolment;
  let identityChanged = false;
  const identityChanges = pick(changes, IDENTITY_FIELDS);
  const firstIdentityField = Object.keys(identityChanges)[0];
  if (firstIdentityField !== undefined) {
    const current = readableIdentity(state, enrolment, firstIdentityField);
    const next = parseOrThrow(identityInputSchema, applyChanges(current, identityChanges), 'INVALID_CORRECTION');
    identityChanged = !sameValues(next, current);
    identity = definedOnly(next);
    age = enrolmentAge(next.birthDate, enrolment.enrolledAt, clinicZoneOf(enrolment));
  }
  if (!identityChanged && sameValues(nextBody, body)) {
    throw new DomainError('CORRECTION_CHANGES_NOTHING', 'The corrected values equal the current ones', 'conflict');
  }

  const protocol = protocolFor(enrolment);
  const armNow = armFor(protocol, age, enrolment.transplantIneligibleReason).arm;
  const {
    eventId: _eventId,
    recordedAt: _recordedAt,
    correctedBy: _correctedBy,
    original: _original,
    identityErased: _identityErased,
    armNoLongerMatchesAge: _previousFlag,
    childbearingPotential: _previousPotential,
    ...kept
  } = enrolment;
  return definedOnly({
    ...kept,
    identity,
    ...nextBody,
    ageAtEnrolment: age,
    ageBand: ageBandRecord(ageBandFor(protocol, age)),
    bsaM2: bodySurfaceArea(nextBody.heightCm, nextBody.weightKg, protocol.bsaFormula),
    bsaFormula: protocol.bsaFormula,
    armNoLongerMatchesAge: armNow !== enrolment.arm ? (true as const) : undefined,
  });
}
