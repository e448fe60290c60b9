import { bsaFormulaSchema } from '@poems/protocol';
import { z } from 'zod';
import { milestoneSchema } from './treatment-commands';
import { nonNegative, positive, utcTime } from './event-fields';

export const bodyMeasuredSchema = z.strictObject({
  heightCm: positive,
  weightKg: positive,
  measuredAt: utcTime,
  bsaM2: positive,
  bsaFormula: bsaFormulaSchema,
});
export type BodyMeasuredData = z.output<typeof bodyMeasuredSchema>;

export const THALIDOMIDE_PHASES = ['START', 'ESCALATION', 'REDUCTION', 'INTERRUPTION', 'RESTART'] as const;
export type ThalidomidePhase = (typeof THALIDOMIDE_PHASES)[number];

export const thalidomideDoseChangedSchema = z.strictObject({
  mgPerDay: nonNegative,
  effectiveAt: utcTime,
  reason: z.string().optional(),
  /** The dose in effect just before, in clinical time; 0 if none. */
  previousMgPerDay: nonNegative,
  phase: z.enum(THALIDOMIDE_PHASES),
  /** What the protocol gives in this phase for the patient's age band. */
  protocolMgPerDay: nonNegative,
  withinTolerance: z.boolean(),
  /** False when the patient's arm does not include thalidomide. */
  onProtocolArm: z.boolean(),
});
export type ThalidomideDoseChangedData = z.output<typeof thalidomideDoseChangedSchema>;

/** The body measurement a dose was calculated from. */
const doseBasis = {
  bodyMeasurementEventId: z.string().min(1),
  heightCm: positive,
  weightKg: positive,
  measuredAt: utcTime,
  bsaM2: positive,
  bsaFormula: bsaFormulaSchema,
};

export const dexamethasoneDoseGivenSchema = z.strictObject({
  doseMg: positive,
  givenAt: utcTime,
  ...doseBasis,
  /** mg/m² for this patient: the protocol's figure × the age band's dose factor. */
  mgPerM2: positive,
  doseFactor: positive,
  protocolDoseMg: positive,
  withinTolerance: z.boolean(),
  cycleNumber: z.number().int().min(1),
  cycleDay: z.number().int().min(1),
  /** The first dose of this cycle. */
  cycleStartedAt: utcTime,
  onProtocolArm: z.boolean(),
});
export type DexamethasoneDoseGivenData = z.output<typeof dexamethasoneDoseGivenSchema>;

export const transplantMilestoneRecordedSchema = z.strictObject({
  milestone: milestoneSchema,
  occurredAt: utcTime,
  cyclophosphamideMg: positive.optional(),
  cd34PerKg: nonNegative.optional(),
  melphalanMg: positive.optional(),
  ...z.strictObject(doseBasis).partial().shape,
  protocolDoseMg: positive.optional(),
  withinTolerance: z.boolean().optional(),
  cd34MinPerKg: positive.optional(),
  cd34BelowMinimum: z.boolean().optional(),
  /** False when the patient's arm is not Auto-PBSCT. */
  onProtocolArm: z.boolean(),
});
export type TransplantMilestoneRecordedData = z.output<typeof transplantMilestoneRecordedSchema>;

export const regimenEndedSchema = z.strictObject({ endedAt: utcTime, reason: z.string().min(1) });
export type RegimenEndedData = z.output<typeof regimenEndedSchema>;
