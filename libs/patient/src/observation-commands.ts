import { isQuantitativeLabTest, QUANTITATIVE_LAB_TESTS } from '@poems/protocol';
import { z } from 'zod';
import { clinicalTimeInput, patientIdField, text } from './command-fields';

export const QUALITATIVE_LAB_TESTS = ['M_PROTEIN_IFE', 'PREGNANCY_TEST'] as const;
export const LAB_TESTS = [...QUANTITATIVE_LAB_TESTS, ...QUALITATIVE_LAB_TESTS] as const;
export const labTestSchema = z.enum(LAB_TESTS);
export type LabTest = z.output<typeof labTestSchema>;
export type QualitativeLabTest = (typeof QUALITATIVE_LAB_TESTS)[number];
export const qualitativeResultSchema = z.enum(['positive', 'negative']);
export type QualitativeResult = z.output<typeof qualitativeResultSchema>;
export const lightChainSchema = z.enum(['lambda', 'kappa']);
/** A value reported as a bound ('<10': below the assay's detection limit); rules read the bound. */
export const comparatorSchema = z.enum(['<', '<=', '>', '>=']);

export const recordLabResultBodySchema = z
  .strictObject({
    patientId: patientIdField,
    test: labTestSchema,
    value: z.union([z.number().min(0), qualitativeResultSchema]),
    /** UCUM; required for quantitative tests, ignored for qualitative ones. */
    unit: z.string().trim().min(1).max(32).optional(),
    collectedAt: clinicalTimeInput,
    specimen: text(64).optional(),
    method: text(64).optional(),
    comparator: comparatorSchema.optional(),
    /** In `unit`; converted with the value. */
    upperLimitOfNormal: z.number().gt(0).optional(),
    heavyChain: text(16).optional(),
    lightChain: lightChainSchema.optional(),
    /** The laboratory's filler / accession number: what an HL7 corrected result refers to. */
    accessionId: text(64).optional(),
    /** HL7 OBX-11: 'corrected' supersedes the earlier result with the same accessionId and test. */
    status: z.enum(['final', 'corrected']).optional(),
  })
  .superRefine((r, ctx) => {
    if (isQuantitativeLabTest(r.test)) {
      if (typeof r.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `${r.test} needs a number` });
      if (r.unit === undefined) ctx.addIssue({ code: 'custom', path: ['unit'], message: `${r.test} needs a unit` });
    } else {
      if (typeof r.value === 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `${r.test} is 'positive' or 'negative'` });
      if (r.comparator !== undefined) ctx.addIssue({ code: 'custom', path: ['comparator'], message: `${r.test} is qualitative: no comparator` });
      if (r.upperLimitOfNormal !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['upperLimitOfNormal'], message: `${r.test} is qualitative: no upper limit` });
      }
    }
    if (r.status === 'corrected' && r.accessionId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['accessionId'], message: 'a corrected result must name the accessionId it corrects' });
    }
  });
export const recordLabResultSchema = recordLabResultBodySchema.extend({ type: z.literal('RecordLabResult') });
export type RecordLabResultBody = z.output<typeof recordLabResultBodySchema>;
export type RecordLabResult = z.output<typeof recordLabResultSchema>;

/** NCI / CTCAE attribution of an adverse event to the study treatment. */
export const AE_ATTRIBUTIONS = ['UNRELATED', 'UNLIKELY', 'POSSIBLE', 'PROBABLE', 'DEFINITE'] as const;
/** What was done with the treatment because of the event (after CDISC AEACN). */
export const AE_ACTIONS = ['DOSE_NOT_CHANGED', 'DOSE_HELD', 'DOSE_REDUCED', 'DRUG_STOPPED'] as const;
export const aeAttributionSchema = z.enum(AE_ATTRIBUTIONS);
export const aeActionSchema = z.enum(AE_ACTIONS);
export type AdverseEventAction = z.output<typeof aeActionSchema>;

export const recordAdverseEventBodySchema = z
  .strictObject({
    patientId: patientIdField,
    term: text(200),
    /** CTCAE grade. */
    grade: z.number().int().min(1).max(5),
    onsetAt: clinicalTimeInput,
    /** When it resolved (absent: ongoing). */
    resolvedAt: clinicalTimeInput.optional(),
    attribution: aeAttributionSchema.optional(),
    actionTaken: aeActionSchema.optional(),
  })
  .superRefine((ae, ctx) => {
    if (ae.resolvedAt !== undefined && ae.resolvedAt < ae.onsetAt) {
      ctx.addIssue({ code: 'custom', path: ['resolvedAt'], message: 'resolvedAt must not be before onsetAt' });
    }
  });
export const recordAdverseEventSchema = z
  .strictObject({ type: z.literal('RecordAdverseEvent'), ...recordAdverseEventBodySchema.shape })
  .superRefine((ae, ctx) => {
    if (ae.resolvedAt !== undefined && ae.resolvedAt < ae.onsetAt) {
      ctx.addIssue({ code: 'custom', path: ['resolvedAt'], message: 'resolvedAt must not be before onsetAt' });
    }
  });
export type RecordAdverseEvent = z.output<typeof recordAdverseEventSchema>;
