import { QUANTITATIVE_LAB_TESTS } from '@poems/protocol';
import { z } from 'zod';
import { clinicalTimeOffsetField, nonNegative, positive, utcTime } from './event-fields';
import { aeActionSchema, aeAttributionSchema, comparatorSchema, lightChainSchema, QUALITATIVE_LAB_TESTS, qualitativeResultSchema } from './observation-commands';

const labCommon = {
  collectedAt: utcTime,
  specimen: z.string().optional(),
  method: z.string().optional(),
  heavyChain: z.string().optional(),
  lightChain: lightChainSchema.optional(),
  accessionId: z.string().optional(),
  ...clinicalTimeOffsetField,
};

export const quantitativeLabResultSchema = z.strictObject({
  test: z.enum(QUANTITATIVE_LAB_TESTS),
  /** In the canonical unit. */
  value: nonNegative,
  unit: z.string().min(1),
  reportedValue: nonNegative,
  reportedUnit: z.string().min(1),
  /** The value is a bound, not a measurement (absent: an exact value). */
  comparator: comparatorSchema.optional(),
  ...labCommon,
  /** Canonical unit. Absent for a VEGF whose assay has no known limit (upperLimitSource UNKNOWN). */
  upperLimitOfNormal: positive.optional(),
  /** As the laboratory reported it, in reportedUnit. */
  reportedUpperLimitOfNormal: positive.optional(),
  /**
   * Where the limit came from. UNKNOWN: the assay is not listed by the protocol and the result
   * carries no limit ("limit unknown"). PROTOCOL_DEFAULT: stored before issue 16, when an unknown
   * assay got the protocol's default; readers treat it as UNKNOWN.
   */
  upperLimitSource: z.enum(['RESULT', 'PROTOCOL_ASSAY', 'PROTOCOL_DEFAULT', 'UNKNOWN']).optional(),
  /** At or above the upper limit of normal (normal is strictly below it). */
  aboveUpperLimit: z.boolean().optional(),
  /** Possible but outside the usual range for the test (libs/protocol plausible-ranges): look again before acting. */
  unusual: z.literal(true).optional(),
});

export const qualitativeLabResultSchema = z.strictObject({
  test: z.enum(QUALITATIVE_LAB_TESTS),
  value: qualitativeResultSchema,
  reportedValue: qualitativeResultSchema,
  ...labCommon,
});

export const labResultRecordedSchema = z.discriminatedUnion('test', [quantitativeLabResultSchema, qualitativeLabResultSchema]);
export type LabResultRecordedData = z.output<typeof labResultRecordedSchema>;
export type QuantitativeLabResultData = z.output<typeof quantitativeLabResultSchema>;

export const adverseEventRecordedSchema = z.strictObject({
  term: z.string().min(1),
  grade: z.number().int().min(1).max(5),
  onsetAt: utcTime,
  /** Absent: ongoing (or not known to have resolved). */
  resolvedAt: utcTime.optional(),
  attribution: aeAttributionSchema.optional(),
  actionTaken: aeActionSchema.optional(),
  ...clinicalTimeOffsetField,
});
export type AdverseEventRecordedData = z.output<typeof adverseEventRecordedSchema>;
