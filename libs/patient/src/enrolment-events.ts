import { armSchema, bsaFormulaSchema } from '@poems/protocol';
import { z } from 'zod';
import { calendarDate } from './command-fields';
import { careTeamSchema, sexSchema } from './enrolment-commands';
import { clinicalTimeOffsetField, positive, utcTime } from './event-fields';

/** Identifying data: the sub-object infrastructure encrypts at rest and can destroy. */
export const patientIdentitySchema = z.strictObject({
  birthDate: calendarDate,
  name: z.string().max(200).optional(),
  mrn: z.string().max(64).optional(),
});
export type PatientIdentity = z.output<typeof patientIdentitySchema>;
export const erasedIdentitySchema = z.strictObject({ erased: z.literal(true) });

/**
 * The identity as it may come back from storage: plaintext, an encryption envelope (any object:
 * its shape belongs to infrastructure) or erased. The domain never reads it when folding.
 */
export const storedIdentitySchema = z.union([patientIdentitySchema, erasedIdentitySchema, z.record(z.string(), z.unknown())]);
export type StoredIdentity = z.output<typeof storedIdentitySchema>;

export const ageBandRecordSchema = z.strictObject({
  minAge: z.number().int().min(0),
  maxAge: z.number().int().min(0).nullable(),
  doseFactor: positive,
});
export type AgeBandRecord = z.output<typeof ageBandRecordSchema>;

export const patientEnrolledSchema = z.strictObject({
  patientId: z.uuid(),
  identity: storedIdentitySchema,
  sex: sexSchema,
  careTeam: careTeamSchema,
  enrolledAt: utcTime,
  ageAtEnrolment: z.number().int().min(0).max(120),
  ageBand: ageBandRecordSchema,
  arm: armSchema,
  armReason: z.enum(['AGE', 'TRANSPLANT_INELIGIBLE']),
  transplantIneligibleReason: z.string().optional(),
  protocol: z.strictObject({ id: z.string().min(1), version: z.number().int().min(1) }),
  heightCm: positive,
  weightKg: positive,
  bsaM2: positive,
  bsaFormula: bsaFormulaSchema,
  /** Set by a correction of the birth date: the arm is kept, never silently reassigned. */
  armNoLongerMatchesAge: z.literal(true).optional(),
  /** As recorded (or corrected); absent: unknown. */
  childbearingPotential: z.boolean().optional(),
  /** The clinic's IANA time zone: the patient's clinic days (ages, due dates) are counted in it. Absent on older enrolments: UTC. */
  clinicTimeZone: z.string().min(1).max(64).optional(),
  ...clinicalTimeOffsetField,
});
export type PatientEnrolledData = z.output<typeof patientEnrolledSchema>;

export const patientIdentityErasedSchema = z.strictObject({ reason: z.string().min(1) });
export type PatientIdentityErasedData = z.output<typeof patientIdentityErasedSchema>;
