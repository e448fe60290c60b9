import { bsaFormulaSchema } from '@poems/protocol';
import { z } from 'zod';
import { milestoneSchema } from './treatment-commands';
import { clinicalTimeOffsetField, nonNegative, positive, utcTime } from './event-fields';

export const bodyMeasuredSchema = z.strictObject({
  heightCm: positive,
  weightKg: positive,
  measuredAt: utcTime,
  bsaM2: positive,
  bsaFormula: bsaFormulaSchema,
  ...clinicalTimeOffsetField,
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
  /** Below the protocol dose with a reason: a documented reduction (e.g. for toxicity), not off protocol. */
  documentedReduction: z.literal(true).optional(),
  /** Above the protocol's maximum for the patient's dose band: off protocol whatever the reason. */
  aboveProtocolMaximum: z.literal(true).optional(),
  ...doseBandFields(),
  ...clinicalTimeOffsetField,
});
export type ThalidomideDoseChangedData = z.output<typeof thalidomideDoseChangedSchema>;

/** The age that picked the dose band, when the protocol judges it later than enrolment (issue 16 item 9). */
function doseBandFields() {
  return {
    /** Completed years on the clinic date the band was judged at. */
    ageForDoseBand: z.number().int().min(0).max(120).optional(),
    /** BIRTH_DATE: computed then; ENROLMENT_RECORD: the identity could not be read, the enrolment's band was used. */
    ageForDoseBandBasis: z.enum(['BIRTH_DATE', 'ENROLMENT_RECORD']).optional(),
  };
}

/** Why the weight behind a BSA-based dose is not a good basis (issue 16 item 11). */
export const STALE_BASIS_REASONS = ['WEIGHT_TOO_OLD', 'WEIGHT_CHANGED'] as const;

/** The body measurement a dose was calculated from. */
const doseBasis = {
  bodyMeasurementEventId: z.string().min(1),
  heightCm: positive,
  weightKg: positive,
  measuredAt: utcTime,
  bsaM2: positive,
  bsaFormula: bsaFormulaSchema,
  /** Set when the protocol asks for a newer weight than the one used. */
  basisStale: z.array(z.enum(STALE_BASIS_REASONS)).min(1).optional(),
  /** Days from the weight to the dose, when stale for its age. */
  weightAgeDays: z.number().int().min(0).optional(),
  /** The relative change from the weight before it, when that change asks for a confirming weight. */
  weightChangeFraction: z.number().optional(),
};

const regimenDexamethasone = z.strictObject({
  doseMg: positive,
  givenAt: utcTime,
  /** Absent on doses recorded before indications existed: those were all regimen doses. */
  indication: z.literal('REGIMEN').optional(),
  ...doseBasis,
  /** mg/m² for this patient: the protocol's figure × the age band's dose factor. */
  mgPerM2: positive,
  doseFactor: positive,
  protocolDoseMg: positive,
  withinTolerance: z.boolean(),
  /** The cycle as known when decided; rules recompute cycles from the whole (corrected) history. */
  cycleNumber: z.number().int().min(1),
  cycleDay: z.number().int().min(1),
  /** The first dose of this cycle. */
  cycleStartedAt: utcTime,
  onProtocolArm: z.boolean(),
  ...doseBandFields(),
  ...clinicalTimeOffsetField,
});

/** A supportive dose: recorded as given, never a cycle, never judged against the regimen's dose or arm. */
const supportiveDexamethasone = z.strictObject({
  doseMg: positive,
  givenAt: utcTime,
  indication: z.literal('SUPPORTIVE'),
  ...clinicalTimeOffsetField,
});

export const dexamethasoneDoseGivenSchema = z.union([regimenDexamethasone, supportiveDexamethasone]);
export type DexamethasoneDoseGivenData = z.output<typeof dexamethasoneDoseGivenSchema>;
export type RegimenDexamethasoneData = z.output<typeof regimenDexamethasone>;

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
  ...clinicalTimeOffsetField,
});
export type TransplantMilestoneRecordedData = z.output<typeof transplantMilestoneRecordedSchema>;

export const regimenEndedSchema = z.strictObject({ endedAt: utcTime, reason: z.string().min(1), ...clinicalTimeOffsetField });
export type RegimenEndedData = z.output<typeof regimenEndedSchema>;
