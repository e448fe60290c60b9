import { type Arm, ARMS } from '@poems/protocol';
import { byMeasuredOn, daysFromTo } from './research-dates';
import type { MeasurementKind, ResearchMeasurementRow, ResearchRecord } from './research-rows';

export const RESPONSE_CLASSES = ['IMPROVED', 'STABILISED', 'PROGRESSED', 'NOT_EVALUABLE'] as const;
export type ResponseClass = (typeof RESPONSE_CLASSES)[number];
export type NotEvaluableReason = 'NO_TREATMENT_START' | 'NO_BASELINE_VEGF' | 'NO_BASELINE_ONLS' | 'NO_FOLLOW_UP_VEGF' | 'NO_FOLLOW_UP_ONLS';

/** How far before the start a sample still counts as baseline (inclusive). */
export const BASELINE_WINDOW_DAYS = 90;
/** Neurological examinations often wait for the first visit on treatment: ONLS may be taken this late. */
export const LATE_ONLS_BASELINE_DAYS = 30;
/** One ONLS point, the smallest change the score can show (the seed protocol's worsening threshold). */
export const ONLS_CHANGE_POINTS = 1;

/** The rule, as the API states it beside the counts. Keep it in step with classifyResponse. */
export const RESPONSE_RULE = [
  'Treatment start (day 0): the first thalidomide START dose above 0 mg/day on the thalidomide + dexamethasone arm; the stem cell infusion on the Auto-PBSCT arm.',
  'Dates are whole days (shifted per patient, which leaves differences unchanged); samples of the same day are ordered by their pseudonymous key.',
  `Baseline VEGF: the last serum VEGF dated from ${BASELINE_WINDOW_DAYS} days before the start up to the start day.`,
  `Baseline ONLS: the last ONLS score in the same window; if there is none, the first within ${LATE_ONLS_BASELINE_DAYS} days after the start.`,
  'Latest VEGF / ONLS: the last sample dated after the start and after its baseline.',
  `IMPROVED: latest VEGF below the upper limit of normal of its own assay AND latest ONLS ≤ baseline ONLS − ${ONLS_CHANGE_POINTS}.`,
  `PROGRESSED (when not improved): latest ONLS ≥ baseline ONLS + ${ONLS_CHANGE_POINTS} OR latest VEGF > baseline VEGF.`,
  'STABILISED: evaluable, neither improved nor progressed.',
  'NOT_EVALUABLE: no treatment start, or a missing baseline or follow-up value of VEGF or ONLS.',
].join('\n');

export interface PatientResponse {
  pseudoId: string;
  arm: Arm;
  classification: ResponseClass;
  notEvaluableBecause: NotEvaluableReason | null;
  baselineVegfPgMl: number | null;
  latestVegfPgMl: number | null;
  latestVegfUpperLimitPgMl: number | null;
  baselineOnls: number | null;
  latestOnls: number | null;
  /** Days from the start to the later of the two latest samples. */
  followUpDays: number | null;
}

export interface ArmResponseCounts {
  arm: Arm;
  improved: number;
  stabilised: number;
  progressed: number;
  notEvaluable: number;
}

type Sample = ResearchMeasurementRow & { value: number };

function samplesOf(measurements: readonly ResearchMeasurementRow[], kind: MeasurementKind): Sample[] {
  return measurements.filter((m): m is Sample => m.kind === kind && m.value !== null).sort(byMeasuredOn);
}

function baseline(samples: Sample[], start: string, lateDays: number): Sample | undefined {
  const day = (s: Sample) => daysFromTo(start, s.measuredOn);
  const before = samples.filter((s) => day(s) >= -BASELINE_WINDOW_DAYS && day(s) <= 0);
  return before.length > 0 ? before[before.length - 1] : samples.find((s) => day(s) > 0 && day(s) <= lateDays);
}

function latest(samples: Sample[], start: string, base: Sample | undefined): Sample | undefined {
  const after = samples.filter((s) => s.measuredOn > start && (!base || s.measuredOn > base.measuredOn));
  return after[after.length - 1];
}

function firstMissing(start: string | null, found: { bV?: Sample; bO?: Sample; lV?: Sample; lO?: Sample }): NotEvaluableReason | null {
  if (start === null) return 'NO_TREATMENT_START';
  if (!found.bV) return 'NO_BASELINE_VEGF';
  if (!found.bO) return 'NO_BASELINE_ONLS';
  if (!found.lV) return 'NO_FOLLOW_UP_VEGF';
  if (!found.lO) return 'NO_FOLLOW_UP_ONLS';
  return null;
}

/** One patient's response by RESPONSE_RULE, with the values it was judged on. */
export function classifyResponse({ patient, measurements }: ResearchRecord): PatientResponse {
  const start = patient.treatmentStartedOn;
  const vegf = samplesOf(measurements, 'VEGF');
  const onls = samplesOf(measurements, 'ONLS');
  const bV = start === null ? undefined : baseline(vegf, start, 0);
  const bO = start === null ? undefined : baseline(onls, start, LATE_ONLS_BASELINE_DAYS);
  const lV = start === null ? undefined : latest(vegf, start, bV);
  const lO = start === null ? undefined : latest(onls, start, bO);
  const missing = firstMissing(start, { bV, bO, lV, lO });
  const values = {
    pseudoId: patient.pseudoId,
    arm: patient.arm,
    baselineVegfPgMl: bV?.value ?? null,
    latestVegfPgMl: lV?.value ?? null,
    latestVegfUpperLimitPgMl: lV?.upperLimitOfNormal ?? null,
    baselineOnls: bO?.value ?? null,
    latestOnls: lO?.value ?? null,
    followUpDays: start !== null && lV && lO ? Math.max(daysFromTo(start, lV.measuredOn), daysFromTo(start, lO.measuredOn)) : null,
  };
  if (missing !== null || !bV || !bO || !lV || !lO) return { ...values, classification: 'NOT_EVALUABLE', notEvaluableBecause: missing };
  return { ...values, classification: judge(bV, lV, bO.value, lO.value), notEvaluableBecause: null };
}

function judge(baselineVegf: Sample, latestVegf: Sample, baselineOnls: number, latestOnls: number): Exclude<ResponseClass, 'NOT_EVALUABLE'> {
  // Normal is strictly below the assay's limit, as the lab flag has it.
  const vegfNormal = latestVegf.upperLimitOfNormal !== null && latestVegf.value < latestVegf.upperLimitOfNormal;
  if (vegfNormal && latestOnls <= baselineOnls - ONLS_CHANGE_POINTS) return 'IMPROVED';
  if (latestOnls >= baselineOnls + ONLS_CHANGE_POINTS || latestVegf.value > baselineVegf.value) return 'PROGRESSED';
  return 'STABILISED';
}

const COUNT_FIELD = { IMPROVED: 'improved', STABILISED: 'stabilised', PROGRESSED: 'progressed', NOT_EVALUABLE: 'notEvaluable' } as const satisfies Record<ResponseClass, keyof ArmResponseCounts>;

/** Counts per arm (every arm asked for, even with no patient) and each patient's classification. */
export function summariseResponses(records: readonly ResearchRecord[], arms: readonly Arm[] = ARMS): { rule: string; perArm: ArmResponseCounts[]; perPatient: PatientResponse[] } {
  const perPatient = records
    .filter((r) => arms.includes(r.patient.arm))
    .map(classifyResponse)
    .sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || (a.pseudoId < b.pseudoId ? -1 : 1));
  const perArm = arms.map((arm) => {
    const counts: ArmResponseCounts = { arm, improved: 0, stabilised: 0, progressed: 0, notEvaluable: 0 };
    for (const response of perPatient) if (response.arm === arm) counts[COUNT_FIELD[response.classification]] += 1;
    return counts;
  });
  return { rule: RESPONSE_RULE, perArm, perPatient };
}
