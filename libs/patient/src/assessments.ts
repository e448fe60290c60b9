import { z } from 'zod';
import { clinicalTimeInput, patientIdField, text } from './command-fields';
import { clinicalTimeOffsetField, utcTime } from './event-fields';
import { nerveCode, NERVES } from './nerves';

/** Clinical assessments: one shape per kind, shared by the command and the event. */
export const ASSESSMENT_KINDS = ['ONLS', 'NERVE_CONDUCTION', 'CT_EFFUSION', 'EDEMA', 'VITALS'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const effusionSchema = z.enum(['none', 'small', 'moderate', 'large']);

const onls = {
  kind: z.literal('ONLS'),
  score: z.number().int().min(0).max(12),
  armScore: z.number().int().min(0).max(5).optional(),
  legScore: z.number().int().min(0).max(7).optional(),
};
/** A new study names a coded nerve, in any accepted spelling; it is stored as the code. */
const nerveInput = text(100).transform((name, ctx) => {
  const code = nerveCode(name);
  if (code === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown nerve "${name}": use one of ${NERVES.join(', ')} (e.g. "Median", "median nerve")` });
    return z.NEVER;
  }
  return code;
});
/** A stored study: the code, or an older free-text name, read as its code when recognised. */
const storedNerve = z.string().min(1).transform((name) => nerveCode(name) ?? name);

const nerveConduction = (nerve: z.ZodType<string, string>) => ({
  kind: z.literal('NERVE_CONDUCTION'),
  nerve,
  /** Compare a nerve with itself: best-value rules need the side. */
  side: z.enum(['left', 'right']).optional(),
  cmapAmplitudeMv: z.number().min(0).max(50),
  conductionVelocityMs: z.number().min(0).max(100),
  fWaveLatencyMs: z.number().min(0).max(100).optional(),
});
const ctEffusion = {
  kind: z.literal('CT_EFFUSION'),
  pleuralEffusion: effusionSchema,
  pericardialEffusion: effusionSchema,
  ascites: effusionSchema,
};
const edema = { kind: z.literal('EDEMA'), grade: z.number().int().min(0).max(3) };
const vitals = {
  kind: z.literal('VITALS'),
  temperatureC: z.number().min(30).max(45).optional(),
  heartRateBpm: z.number().int().min(20).max(250).optional(),
  systolicMmHg: z.number().int().min(40).max(300).optional(),
  diastolicMmHg: z.number().int().min(10).max(200).optional(),
};

type Shape<T extends Record<string, z.ZodType>> = z.output<z.ZodObject<T>>;
type IssueSink = Pick<z.RefinementCtx, 'addIssue'>;

function onlsConsistent({ score, armScore, legScore }: Shape<typeof onls>, ctx: IssueSink): void {
  // A missing part score is implied by the total, so it must fit its own range.
  const inconsistent =
    armScore !== undefined && legScore !== undefined
      ? armScore + legScore !== score
      : armScore !== undefined
        ? score - armScore < 0 || score - armScore > 7
        : legScore !== undefined && (score - legScore < 0 || score - legScore > 5);
  if (inconsistent) ctx.addIssue({ code: 'custom', path: ['score'], message: 'ONLS score must equal arm (0-5) + leg (0-7) scores' });
}

function vitalsPlausible(v: Shape<typeof vitals>, ctx: IssueSink): void {
  if ([v.temperatureC, v.heartRateBpm, v.systolicMmHg, v.diastolicMmHg].every((x) => x === undefined)) {
    ctx.addIssue({ code: 'custom', path: [], message: 'VITALS needs at least one measurement' });
  }
  if (v.systolicMmHg !== undefined && v.diastolicMmHg !== undefined && v.diastolicMmHg >= v.systolicMmHg) {
    ctx.addIssue({ code: 'custom', path: ['diastolicMmHg'], message: 'diastolic must be below systolic' });
  }
}

// The generic `extra` hides the kind fields from the compiler, hence the (safe) casts below.
function assessmentUnion<E extends Record<string, z.ZodType>>(extra: E, nerve: z.ZodType<string, string>) {
  return z.discriminatedUnion('kind', [
    z.strictObject({ ...extra, ...onls }).superRefine((v, ctx) => onlsConsistent(v as Shape<typeof onls>, ctx)),
    z.strictObject({ ...extra, ...nerveConduction(nerve) }),
    z.strictObject({ ...extra, ...ctEffusion }),
    z.strictObject({ ...extra, ...edema }),
    z.strictObject({ ...extra, ...vitals }).superRefine((v, ctx) => vitalsPlausible(v as Shape<typeof vitals>, ctx)),
  ]);
}

export const recordAssessmentBodySchema = assessmentUnion({ patientId: patientIdField, assessedAt: clinicalTimeInput }, nerveInput);
export const recordAssessmentSchema = assessmentUnion(
  {
    type: z.literal('RecordAssessment'),
    patientId: patientIdField,
    assessedAt: clinicalTimeInput,
  },
  nerveInput,
);
export type RecordAssessmentBody = z.output<typeof recordAssessmentBodySchema>;
export type RecordAssessment = z.output<typeof recordAssessmentSchema>;

export const assessmentRecordedSchema = assessmentUnion({ assessedAt: utcTime, ...clinicalTimeOffsetField }, storedNerve);
export type AssessmentRecordedData = z.output<typeof assessmentRecordedSchema>;
