import { z } from 'zod';
import { clinicalTimeInput, patientIdField } from '../command-fields';
import { assertNotInFuture, assertWithinBaselineWindow } from '../decision-rules';
import { clinicalTimeOffsetField, utcTime } from '../event-fields';
import { defineFact, pickDefined } from './fact-kind';

/**
 * Performance status on the ECOG scale (Oken et al., Am J Clin Oncol 1982): 0 fully active …
 * 4 completely disabled (5, dead, is not recorded as a status). In POEMS it follows the neuropathy
 * and is how eligibility for high-dose therapy is usually judged.
 */
export const PERFORMANCE_SCALES = ['ECOG'] as const;

const fields = {
  patientId: patientIdField,
  scale: z.enum(PERFORMANCE_SCALES),
  score: z.number().int().min(0).max(4),
  assessedAt: clinicalTimeInput,
};
export const recordPerformanceStatusBodySchema = z.strictObject(fields);
export const recordPerformanceStatusSchema = z.strictObject({ type: z.literal('RecordPerformanceStatus'), ...fields });
export const performanceStatusRecordedSchema = z.strictObject({ scale: z.enum(PERFORMANCE_SCALES), score: z.number().int().min(0).max(4), assessedAt: utcTime, ...clinicalTimeOffsetField });
export type PerformanceStatusRecordedData = z.output<typeof performanceStatusRecordedSchema>;

const CORRECTABLE = ['score', 'assessedAt'] as const;

export const performanceStatusFact = defineFact({
  command: 'RecordPerformanceStatus',
  event: 'PerformanceStatusRecorded',
  stateKey: 'performanceStatus',
  schemaVersion: 1,
  bodySchema: recordPerformanceStatusBodySchema,
  commandSchema: recordPerformanceStatusSchema,
  eventSchema: performanceStatusRecordedSchema,
  timeField: 'assessedAt',
  regimenBound: false,
  derive: (body, _state, enrolment, context) => {
    assertNotInFuture(body.assessedAt, 'assessedAt', context);
    assertWithinBaselineWindow(body.assessedAt, 'assessedAt', enrolment);
    return { scale: body.scale, score: body.score, assessedAt: body.assessedAt };
  },
  correctableFields: () => CORRECTABLE,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, ['scale', ...CORRECTABLE]) }),
  rest: { path: 'performance-status', summary: 'Record performance status (ECOG 0-4)' },
  timeline: { section: 'performanceStatus', present: ({ scale, score }) => ({ scale, score }) },
});
