import { z } from 'zod';
import { armSchema } from './arm';
import {
  assessmentScheduleSchema,
  engraftmentSchema,
  febrileNeutropeniaSchema,
  responseCriteriaSchema,
  transplantStepsSchema,
  vegfMonitoringSchema,
} from './monitoring-protocol';
import {
  ageBoundarySchema,
  bodyMeasurementRuleSchema,
  dexamethasoneCyclesSchema,
  eligibilitySchema,
  neuropathyAdverseEventSchema,
  safetySchema,
  thalidomideEscalationSchema,
  thalidomideRangeSchema,
} from './thalidomide-arm-definition';

export { ARMS, armSchema, type Arm } from './arm';

export const BSA_FORMULAS = ['MOSTELLER', 'DUBOIS', 'FUJIMOTO'] as const;
export const bsaFormulaSchema = z.enum(BSA_FORMULAS);
export type BsaFormula = z.output<typeof bsaFormulaSchema>;

const positive = z.number().positive();
const wholeDays = z.number().int().nonnegative();

export const ageBandSchema = z.strictObject({
  minAge: z.number().int().nonnegative(),
  /** Inclusive; null means no upper bound. */
  maxAge: z.number().int().nonnegative().nullable(),
  arm: armSchema,
  /** Multiplies the thalidomide and dexamethasone doses (0.5 from 75 in the seed guideline). */
  doseFactor: z.number().gt(0).lte(1),
});

export const dexamethasoneScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('SINGLE_DAY') }),
  z.strictObject({
    kind: z.literal('DAYS'),
    /** 1-based days of the cycle on which a dose is given, e.g. [1, 2, 3, 4]. */
    days: z.array(z.number().int().min(1)).min(1),
  }),
]);

export const vegfAssayLimitSchema = z.strictObject({
  specimen: z.string().min(1),
  /** Absent: applies to any method for this specimen. */
  method: z.string().min(1).optional(),
  upperLimitPgMl: positive,
});

const thalidomideShape = z.strictObject({
  startMgPerDay: positive,
  escalatedMgPerDay: positive,
  /** Days on the start dose before escalation is due; null when the start dose is the full dose. */
  escalationDay: z.number().int().positive().nullable(),
  maxMgPerDay: positive,
});

export const protocolDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: z.number().int().min(1),
    title: z.string().min(1),
    /** Where the numbers come from, for the auditor. */
    source: z.string().min(1),
    ageBands: z.array(ageBandSchema).min(1),
    /** The arm given instead of a transplant when a transplant-band patient is ineligible. */
    armWhenTransplantIneligible: armSchema,
    thalidomide: thalidomideShape,
    dexamethasone: z.strictObject({
      mgPerM2: positive,
      schedule: dexamethasoneScheduleSchema,
      cycleLengthDays: z.number().int().positive(),
      graceDays: wholeDays,
    }),
    bsaFormula: bsaFormulaSchema,
    /** Accepted relative difference between a given and a calculated dose (0.10 = 10%). */
    doseTolerance: z.number().gt(0).lt(1),
    vegf: z.strictObject({
      defaultUpperLimitPgMl: positive,
      byAssay: z.array(vegfAssayLimitSchema),
    }),
    transplant: z.strictObject({
      conditioningDueDaysAfterApheresis: z.number().int().positive(),
      neutrophilEngraftmentExpectedByDay: z.number().int().positive(),
      /** CD34+ cells, ×10⁶ per kg body weight. */
      cd34MinPerKg: positive,
      /** Total mobilisation dose. */
      cyclophosphamideGPerM2: positive,
      /** Total conditioning dose. */
      melphalanMgPerM2: positive,
    }),
    vegfResponse: z.strictObject({
      nonResponseCheckDays: z.number().int().positive(),
      minFallFraction: z.number().gt(0).lt(1),
    }),
    neuropathy: z.strictObject({
      onlsWorseningPoints: z.number().int().positive(),
      cmapDropFraction: z.number().gt(0).lt(1),
    }),
    bradycardiaBelowBpm: positive,
    engraftmentSyndrome: z.strictObject({
      feverC: positive,
      /** Days relative to neutrophil engraftment: [before (≤ 0), after (≥ 0)]. */
      windowDaysAroundEngraftment: z.tuple([z.number().int().max(0), z.number().int().min(0)]),
    }),
    // Issues 12 and 16, transplant and VEGF monitoring (monitoring-protocol.ts).
    assessmentSchedule: assessmentScheduleSchema,
    vegfMonitoring: vegfMonitoringSchema,
    engraftment: engraftmentSchema,
    febrileNeutropenia: febrileNeutropeniaSchema,
    transplantSteps: transplantStepsSchema,
    response: responseCriteriaSchema,
    // Issues 12 and 16, the thalidomide arm and its safety programme (thalidomide-arm-definition.ts).
    eligibility: eligibilitySchema,
    ageBoundary: ageBoundarySchema,
    thalidomideRange: thalidomideRangeSchema,
    thalidomideEscalation: thalidomideEscalationSchema,
    dexamethasoneCycles: dexamethasoneCyclesSchema,
    bodyMeasurement: bodyMeasurementRuleSchema,
    neuropathyAdverseEvent: neuropathyAdverseEventSchema,
    safety: safetySchema,
  })
  .superRefine((p, ctx) => {
    p.ageBands.forEach((band, i) => {
      const expectedMin = i === 0 ? 0 : (p.ageBands[i - 1]?.maxAge ?? Number.NaN) + 1;
      if (band.minAge !== expectedMin) {
        ctx.addIssue({ code: 'custom', path: ['ageBands', i, 'minAge'], message: `age bands must be contiguous from 0: expected ${expectedMin}` });
      }
      const last = i === p.ageBands.length - 1;
      if (last !== (band.maxAge === null)) {
        ctx.addIssue({ code: 'custom', path: ['ageBands', i, 'maxAge'], message: 'only the last age band is open-ended' });
      }
      if (band.maxAge !== null && band.maxAge < band.minAge) {
        ctx.addIssue({ code: 'custom', path: ['ageBands', i, 'maxAge'], message: 'maxAge is below minAge' });
      }
    });
    const t = p.thalidomide;
    if (t.escalatedMgPerDay < t.startMgPerDay || t.maxMgPerDay < t.escalatedMgPerDay) {
      ctx.addIssue({ code: 'custom', path: ['thalidomide'], message: 'doses must satisfy start ≤ escalated ≤ max' });
    }
    if ((t.escalationDay === null) !== (t.startMgPerDay === t.escalatedMgPerDay)) {
      const message = 'escalationDay is null exactly when there is no escalation step';
      ctx.addIssue({ code: 'custom', path: ['thalidomide', 'escalationDay'], message });
    }
    refineThalidomideArm(p, ctx);
    const schedule = p.dexamethasone.schedule;
    if (schedule.kind === 'DAYS') {
      const increasing = schedule.days.every((d, i) => i === 0 || d > (schedule.days[i - 1] ?? 0));
      const last = schedule.days[schedule.days.length - 1] ?? 0;
      if (!increasing || last > p.dexamethasone.cycleLengthDays) {
        ctx.addIssue({ code: 'custom', path: ['dexamethasone', 'schedule', 'days'], message: 'days must increase and fall within the cycle' });
      }
    }
  });

type ParsedDefinition = z.output<z.ZodObject<{ thalidomide: typeof thalidomideShape; thalidomideRange: typeof thalidomideRangeSchema; safety: typeof safetySchema }>>;

function refineThalidomideArm(p: ParsedDefinition, ctx: z.RefinementCtx): void {
  const range = p.thalidomideRange;
  const t = p.thalidomide;
  if (range && (range.minMgPerDay > t.startMgPerDay || range.maxMgPerDay < t.escalatedMgPerDay || range.maxMgPerDay > t.maxMgPerDay)) {
    const message = 'the range must hold the start and escalated doses and stay within maxMgPerDay';
    ctx.addIssue({ code: 'custom', path: ['thalidomideRange'], message });
  }
  p.safety.pregnancy.beforeFirstDose.forEach((w, i) => {
    if (w.toDaysBefore > w.fromDaysBefore) {
      ctx.addIssue({ code: 'custom', path: ['safety', 'pregnancy', 'beforeFirstDose', i], message: 'toDaysBefore must not exceed fromDaysBefore' });
    }
  });
  const intervals = p.safety.pregnancy.duringTreatment;
  if (intervals.at(-1)?.untilTreatmentDay !== null) {
    ctx.addIssue({ code: 'custom', path: ['safety', 'pregnancy', 'duringTreatment'], message: 'the last interval must apply from then on (untilTreatmentDay: null)' });
  }
}

// Homomorphic mapping keeps tuples and arrays as (readonly) tuples and arrays.
export type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type ProtocolDefinition = DeepReadonly<z.output<typeof protocolDefinitionSchema>>;
export type AgeBand = ProtocolDefinition['ageBands'][number];
export type DexamethasoneSchedule = ProtocolDefinition['dexamethasone']['schedule'];
export type VegfAssayLimit = ProtocolDefinition['vegf']['byAssay'][number];
export type ProtocolRef = { readonly id: string; readonly version: number };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Validates and freezes a definition: once published, a version never changes. */
export function defineProtocol(definition: z.input<typeof protocolDefinitionSchema>): ProtocolDefinition {
  return deepFreeze(protocolDefinitionSchema.parse(definition));
}
