import { describeRange, PLAUSIBLE_DOSES, plausibilityOf } from '@poems/protocol';
import { z } from 'zod';
import { clinicalTimeInput, heightCmField, patientIdField, text, weightKgField } from './command-fields';

export const recordBodyMeasurementBodySchema = z.strictObject({
  patientId: patientIdField,
  heightCm: heightCmField,
  weightKg: weightKgField,
  measuredAt: clinicalTimeInput,
});
export const recordBodyMeasurementSchema = recordBodyMeasurementBodySchema.extend({ type: z.literal('RecordBodyMeasurement') });
export type RecordBodyMeasurement = z.output<typeof recordBodyMeasurementSchema>;

export const changeThalidomideDoseBodySchema = z.strictObject({
  patientId: patientIdField,
  /** 0 means interrupted or stopped. */
  mgPerDay: z
    .number()
    .min(0)
    .max(400)
    .refine((mg) => mg === 0 || plausibilityOf(PLAUSIBLE_DOSES.THALIDOMIDE_MG_PER_DAY, mg) !== 'impossible', `must be 0 (interrupted) or ${describeRange(PLAUSIBLE_DOSES.THALIDOMIDE_MG_PER_DAY)}`)
    // JSON `-0` parses as -0, which passes min(0) but is stored as 0: decide on what is stored.
    .transform((mg) => mg + 0),
  effectiveAt: clinicalTimeInput,
  reason: text(500).optional(),
});
export const changeThalidomideDoseSchema = changeThalidomideDoseBodySchema.extend({ type: z.literal('ChangeThalidomideDose') });
export type ChangeThalidomideDose = z.output<typeof changeThalidomideDoseSchema>;

/**
 * Why dexamethasone was given. REGIMEN (the default): a dose of the thalidomide + dexamethasone
 * regimen, counted for cycles and checked against the protocol dose and the arm. SUPPORTIVE: given
 * for something else (an antiemetic with melphalan, treating engraftment syndrome): recorded,
 * never counted as a cycle, never off arm.
 */
export const DEXAMETHASONE_INDICATIONS = ['REGIMEN', 'SUPPORTIVE'] as const;
export const dexamethasoneIndicationSchema = z.enum(DEXAMETHASONE_INDICATIONS);
export type DexamethasoneIndication = z.output<typeof dexamethasoneIndicationSchema>;

export const recordDexamethasoneDoseBodySchema = z.strictObject({
  patientId: patientIdField,
  doseMg: z.number().gt(0).max(200).refine((mg) => plausibilityOf(PLAUSIBLE_DOSES.DEXAMETHASONE_MG, mg) !== 'impossible', `must be ${describeRange(PLAUSIBLE_DOSES.DEXAMETHASONE_MG)}`),
  givenAt: clinicalTimeInput,
  indication: dexamethasoneIndicationSchema.optional(),
});
export const recordDexamethasoneDoseSchema = recordDexamethasoneDoseBodySchema.extend({ type: z.literal('RecordDexamethasoneDose') });
export type RecordDexamethasoneDose = z.output<typeof recordDexamethasoneDoseSchema>;

export const MILESTONES = [
  'MOBILISATION',
  'APHERESIS',
  'CONDITIONING',
  'STEM_CELL_INFUSION',
  'NEUTROPHIL_ENGRAFTMENT',
  'PLATELET_ENGRAFTMENT',
] as const;
export const milestoneSchema = z.enum(MILESTONES);
export type Milestone = z.output<typeof milestoneSchema>;

// Which milestone may carry which quantity. Upper bounds are generous physical limits, not doses.
const MILESTONE_QUANTITY = { cyclophosphamideMg: 'MOBILISATION', cd34PerKg: 'APHERESIS', melphalanMg: 'CONDITIONING' } as const;

export const recordTransplantMilestoneBodySchema = z
  .strictObject({
    patientId: patientIdField,
    milestone: milestoneSchema,
    occurredAt: clinicalTimeInput,
    /** Total mobilisation dose. */
    cyclophosphamideMg: z.number().gt(0).max(30_000).optional(),
    /** CD34+ yield, ×10⁶ cells per kg. */
    cd34PerKg: z.number().min(0).max(1000).optional(),
    /** Total conditioning dose. */
    melphalanMg: z.number().gt(0).max(1000).optional(),
  })
  .superRefine((m, ctx) => {
    for (const [field, milestone] of Object.entries(MILESTONE_QUANTITY)) {
      if (m[field as keyof typeof MILESTONE_QUANTITY] !== undefined && m.milestone !== milestone) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} belongs to ${milestone} only` });
      }
    }
  });
export const recordTransplantMilestoneSchema = recordTransplantMilestoneBodySchema.extend({
  type: z.literal('RecordTransplantMilestone'),
});
export type RecordTransplantMilestone = z.output<typeof recordTransplantMilestoneSchema>;

export const endRegimenBodySchema = z.strictObject({ patientId: patientIdField, endedAt: clinicalTimeInput, reason: text(500) });
export const endRegimenSchema = endRegimenBodySchema.extend({ type: z.literal('EndRegimen') });
export type EndRegimen = z.output<typeof endRegimenSchema>;
