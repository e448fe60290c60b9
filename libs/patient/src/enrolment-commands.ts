import { z } from 'zod';
import { calendarDate, clinicalTimeInput, heightCmField, patientIdField, text, weightKgField } from './command-fields';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const sexSchema = z.enum(SEXES);
export type Sex = z.output<typeof sexSchema>;

export const careTeamSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'careTeam: 1-64 characters of A-Z a-z 0-9 _ . -');

export const enrollPatientBodySchema = z.strictObject({
  patientId: patientIdField,
  birthDate: calendarDate,
  sex: sexSchema,
  heightCm: heightCmField,
  weightKg: weightKgField,
  careTeam: careTeamSchema,
  enrolledAt: clinicalTimeInput,
  transplantIneligibleReason: text(500).optional(),
  name: text(200).optional(),
  mrn: text(64).optional(),
  /** Absent: the default (seed) protocol. */
  protocol: z.strictObject({ id: z.string().min(1).max(64), version: z.number().int().min(1) }).optional(),
  /**
   * Whether the patient can become pregnant (thalidomide's pregnancy programme). Absent: unknown; a
   * female patient is then assumed of childbearing potential below the protocol's age (55).
   */
  childbearingPotential: z.boolean().optional(),
});
export const enrollPatientSchema = enrollPatientBodySchema.extend({ type: z.literal('EnrollPatient') });
export type EnrollPatientBody = z.output<typeof enrollPatientBodySchema>;
export type EnrollPatient = z.output<typeof enrollPatientSchema>;

export const erasePatientIdentityBodySchema = z.strictObject({ patientId: patientIdField, reason: text(500) });
export const erasePatientIdentitySchema = erasePatientIdentityBodySchema.extend({ type: z.literal('ErasePatientIdentity') });
export type ErasePatientIdentity = z.output<typeof erasePatientIdentitySchema>;

/**
 * The corrected fields travel beside these, named as in the original command (e.g. `value`,
 * `unit`, `givenAt`); they are checked against the original event's type by the decider, because
 * only it knows that type. `null` removes an optional field.
 */
export const correctEventBodySchema = z
  .object({ patientId: patientIdField, correctsEventId: z.uuid(), reason: text(1000) })
  .catchall(z.unknown());
export const correctEventSchema = z
  .object({ type: z.literal('CorrectEvent'), patientId: patientIdField, correctsEventId: z.uuid(), reason: text(1000) })
  .catchall(z.unknown());
export type CorrectEvent = z.output<typeof correctEventSchema>;
/** A correction without its `type`: the named fields plus the corrected ones. */
export interface CorrectEventBody {
  readonly patientId: string;
  readonly correctsEventId: string;
  readonly reason: string;
  readonly [correctedField: string]: unknown;
}
