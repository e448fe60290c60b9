import { z } from 'zod';

/**
 * The parts of a protocol definition that judge the thalidomide arm and its safety programme
 * (issues 12 and 16): eligibility, the dose range, when an age boundary is judged, how fresh the
 * weight behind a BSA must be, and the pregnancy, dispensing, thromboprophylaxis and adverse-event
 * rules of TERMS / REMS. Each is plain data with its source, so a hospital's own definition can
 * change a number without a release.
 */
const days = z.number().int().nonnegative();
const positiveDays = z.number().int().positive();
const fraction = z.number().gt(0).lt(1);
const grade = z.number().int().min(1).max(5);
const source = z.string().min(1);

/** Who may be enrolled at all, besides the arms by age (null: anyone the age bands cover). */
export const eligibilitySchema = z
  .strictObject({
    minAge: z.number().int().nonnegative(),
    /** Only patients who cannot have a transplant: enrolment needs a transplantIneligibleReason. */
    transplantIneligibleOnly: z.boolean(),
    source,
  })
  .nullable();

/** Where the age that picks a dose band (the 75-year half dose) is taken. */
export const AGE_JUDGED_AT = ['ENROLMENT', 'TREATMENT_START'] as const;
export const ageBoundarySchema = z.strictObject({
  /** The clinic date at which the age that picks the dose band is computed. */
  doseBandJudgedAt: z.enum(AGE_JUDGED_AT),
  /** True: every dose is judged at the patient's age on its own date (a birthday on treatment moves the band). */
  recomputedOnTreatment: z.boolean(),
  source,
});

/** The body measurement a BSA-based dose may be judged on. */
export const bodyMeasurementRuleSchema = z.strictObject({
  /** A weight older than this many days at the dose is stale. */
  maxWeightAgeDays: positiveDays,
  /** A weight that differs from the previous one by this fraction or more asks for a confirming weight. */
  weightChangeFraction: fraction,
  source,
});

const pregnancyWindowSchema = z.strictObject({
  /** The window before the first dose, in days: from (further) to (nearer), e.g. 14 → 10, 1 → 0. */
  fromDaysBefore: days,
  toDaysBefore: days,
});

const testIntervalSchema = z.strictObject({
  /** This interval applies while the last test fell before this treatment day (null: from then on). */
  untilTreatmentDay: positiveDays.nullable(),
  intervalDays: positiveDays,
});

export const safetySchema = z.strictObject({
  pregnancy: z.strictObject({
    /** A female patient whose childbearing potential is not recorded is assumed of childbearing potential below this age. */
    assumeChildbearingPotentialBelowAge: z.number().int().positive(),
    /** Negative tests needed before the first dose, one in each window. */
    beforeFirstDose: z.array(pregnancyWindowSchema).min(1),
    /** Longest gap between tests while on thalidomide, by treatment day (first matching entry). */
    duringTreatment: z.array(testIntervalSchema).min(1),
    /** Days a test may come after its due date before it is overdue. */
    graceDays: days,
    /** A test this many days after the last dose (null: none). */
    afterLastDoseDays: days.nullable(),
    /** A positive result from the first dose until this many days after the last one is critical. */
    followUpDays: days,
    source,
  }),
  dispensing: z.strictObject({
    maxDaysSupply: positiveDays,
    /** For a patient of childbearing potential: a negative test collected at most this many days before dispensing. */
    negativeTestWithinDays: days,
    source,
  }),
  thromboprophylaxis: z.strictObject({
    /** Days from the start of thalidomide with dexamethasone (or a stop) until prophylaxis must be active. */
    graceDays: days,
    source,
  }),
  severeAdverseEvent: z.strictObject({
    /** CTCAE grade from which an adverse event on thalidomide needs a hold or a reduction. */
    minGrade: grade,
    /** Days from onset by which the hold or reduction must be recorded. */
    actionWithinDays: days,
    source,
  }),
});

/** Extra thalidomide data: the adjustable range and the conditions that forbid an escalation. */
export const thalidomideRangeSchema = z
  .strictObject({ minMgPerDay: z.number().positive(), maxMgPerDay: z.number().positive(), source })
  .nullable();

export const thalidomideEscalationSchema = z.strictObject({
  /** A neuropathy adverse event of this CTCAE grade or above forbids escalating. */
  forbiddenFromNeuropathyGrade: grade,
  source,
});

export const dexamethasoneCyclesSchema = z.strictObject({
  /** Cycles are anchored on the regimen's first dose; a dosing day may be this many days late. */
  lateDayToleranceDays: days,
  source,
});

export const neuropathyAdverseEventSchema = z.strictObject({
  /** A neuropathy adverse event of this CTCAE grade or above on treatment is a worsening. */
  minGrade: grade,
  source,
});
