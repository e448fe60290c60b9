import { z } from 'zod';
import { armSchema } from './arm';
import type { ProtocolDefinition, protocolDefinitionSchema } from './protocol-definition';

/**
 * The protocol's monitoring data (issues 12 and 16, transplant and VEGF): what is measured when,
 * the windows checks are judged in, how engraftment is read from the counts, and the response
 * criteria. Each sub-object names its source; the rules in @poems/alert-rules read only these.
 */

const wholeDays = z.number().int().nonnegative();
const fraction = z.number().gt(0).lt(1);
const source = z.string().min(1);
/** Lower-case words or word beginnings, matched at the start of a word in a free-text term. */
const terms = z.array(z.string().trim().toLowerCase().min(2)).min(1);

/** Which result in a window counts when there are several. */
export const WINDOW_PICKS = ['CLOSEST', 'FIRST', 'LAST'] as const;
export const windowPickSchema = z.enum(WINDOW_PICKS);
export type WindowPick = z.output<typeof windowPickSchema>;

export const windowSchema = z.strictObject({
  /** Days before the target day a result still counts (inclusive). */
  daysBefore: wholeDays,
  /** Days after the target day a result still counts (inclusive); the window closes then. */
  daysAfter: wholeDays,
});

export const ASSESSMENT_KINDS_SCHEDULED = ['VEGF', 'M_PROTEIN_IFE', 'ONLS', 'NERVE_CONDUCTION', 'CT_EFFUSION', 'CD34_YIELD'] as const;
export const scheduledAssessmentKindSchema = z.enum(ASSESSMENT_KINDS_SCHEDULED);
export type ScheduledAssessmentKind = z.output<typeof scheduledAssessmentKindSchema>;

/**
 * The phase a schedule item counts its days from: AFTER_TREATMENT_START (the first thalidomide
 * dose, or the stem cell infusion on Auto-PBSCT) or AT_APHERESIS (each apheresis).
 */
export const SCHEDULE_PHASES = ['AFTER_TREATMENT_START', 'AT_APHERESIS'] as const;
export const schedulePhaseSchema = z.enum(SCHEDULE_PHASES);
export type SchedulePhase = z.output<typeof schedulePhaseSchema>;

export const scheduleDaysSchema = z.union([
  /** Listed due days, e.g. CT at [182, 365]. */
  z.strictObject({ at: z.array(z.number().int().nonnegative()).min(1) }),
  /** From `from`, every `every` days, up to `until` inclusive (open-ended without it). */
  z
    .strictObject({ from: z.number().int().nonnegative(), every: z.number().int().positive(), until: z.number().int().nonnegative().optional() })
    .refine((d) => d.until === undefined || d.until >= d.from, { path: ['until'], message: 'until must not come before from' }),
]);

export const scheduleItemSchema = z.strictObject({
  kind: scheduledAssessmentKindSchema,
  arm: armSchema,
  phase: schedulePhaseSchema,
  days: scheduleDaysSchema,
  window: windowSchema,
});

export const assessmentScheduleSchema = z.strictObject({
  source,
  items: z.array(scheduleItemSchema),
});

export const vegfMonitoringSchema = z.strictObject({
  source,
  /** The six-month check: around vegfResponse.nonResponseCheckDays, the result `pick` names. */
  responseCheckWindow: windowSchema.extend({ pick: windowPickSchema }),
  /** Baseline: thalidomide arm, the last sample this many days before the first dose at most. */
  baselineMaxDaysBeforeStart: wholeDays,
  /** Baseline: Auto-PBSCT, the diagnostic sample, the last one before mobilisation (this old at most). */
  baselineMaxDaysBeforeMobilisation: wholeDays,
  rebound: z.strictObject({
    /** A repeat this many days after a suspicious value (inclusive) confirms it. */
    confirmWithinDays: z.number().int().positive(),
    /** An abnormal value this fraction above the nadir on treatment is suspicious even without normalisation. */
    riseFromNadirFraction: z.number().gt(0),
    /** The platelet count shown beside a value: the nearest one within this many days. */
    plateletContextDays: wholeDays,
  }),
});

export const engraftmentSchema = z.strictObject({
  source,
  neutrophil: z.strictObject({ ancAtLeastPerUl: z.number().positive(), consecutiveDays: z.number().int().positive() }),
  platelet: z.strictObject({
    atLeastPerUl: z.number().positive(),
    consecutiveDays: z.number().int().positive(),
    /** No platelet transfusion in this many days before the first day and during the run. */
    transfusionFreeDays: wholeDays,
  }),
  /** DELAYED_ENGRAFTMENT: no neutrophil engraftment by this day after infusion (inclusive). */
  delayedNeutrophilAfterDay: z.number().int().positive(),
  /** ENGRAFTMENT_DISAGREEMENT: a recorded date this many calendar days from the counts' is still the same. */
  disagreementToleranceDays: wholeDays,
  secondaryFailure: z.strictObject({ ancBelowPerUl: z.number().positive(), consecutiveDays: z.number().int().positive() }),
  syndrome: z.strictObject({
    /** No suspicion while the nearest ANC (within ancWithinHours) is below this. */
    ancAtLeastPerUl: z.number().positive(),
    ancWithinHours: z.number().int().positive(),
    /** Adverse-event terms that are a second sign. */
    signTerms: terms,
    /** Adverse-event terms naming an infection: a fever with one is not engraftment syndrome. */
    infectionTerms: terms,
    /** A weight this fraction above the last one at or before infusion is a second sign. */
    weightGainFraction: fraction,
  }),
});

export const febrileNeutropeniaSchema = z.strictObject({
  source,
  ancBelowPerUl: z.number().positive(),
  /** The nearest ANC within this many hours of the fever tells whether the patient was neutropenic. */
  ancWithinHours: z.number().int().positive(),
  singleTemperatureC: z.number().positive(),
  sustainedTemperatureC: z.number().positive(),
  sustainedMinutes: z.number().int().positive(),
  /** Adverse-event terms that record a fever. */
  feverTerms: terms,
});

export const transplantStepsSchema = z.strictObject({
  source,
  apheresisDueDaysAfterMobilisation: z.number().int().positive(),
  infusionDueDaysAfterConditioning: z.number().int().positive(),
  /** First treatment step (mobilisation, or the first thalidomide dose) due this long after enrolment. */
  firstTreatmentDueDaysAfterEnrolment: z.strictObject({
    AUTO_PBSCT: z.number().int().positive(),
    THALIDOMIDE_DEXAMETHASONE: z.number().int().positive(),
  }),
});

export const responseCriteriaSchema = z.strictObject({
  source,
  /** Baseline samples: from this many days before the treatment start (Auto-PBSCT: mobilisation) up to it. */
  baselineWindowDays: wholeDays,
  /** ONLS may be taken at the first visit on treatment: this many days after the start at most. */
  lateOnlsBaselineDays: wholeDays,
  vegfPartialFallFraction: fraction,
  /** VEGF progression: an abnormal value this fraction above the nadir. */
  vegfProgressionRiseFraction: z.number().gt(0),
  onlsChangePoints: z.number().int().positive(),
  /** Nerve conduction: a CMAP amplitude change of this fraction of the baseline amplitude (same nerve and side). */
  cmapChangeFraction: fraction,
});

export type ScheduleItem = ProtocolDefinition['assessmentSchedule']['items'][number];

/** The monitoring sub-objects as a definition writes them (seed-monitoring.ts, jpost-monitoring.ts). */
export type MonitoringInput = Pick<
  z.input<typeof protocolDefinitionSchema>,
  'assessmentSchedule' | 'vegfMonitoring' | 'engraftment' | 'febrileNeutropenia' | 'transplantSteps' | 'response'
>;
