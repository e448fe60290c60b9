import { type Arm, ARMS } from '@poems/protocol';
import { byMeasuredOn, daysFromTo } from './research-dates';
import type { ResearchRecord } from './research-rows';
import { quartiles } from './research-statistics';

/** An average month (365.25 / 12 days), so month 12 is one year after the start, whatever the calendar. */
export const DAYS_PER_MONTH = 30.4375;

/** Month since treatment start: floor(days / 30.4375). Samples before the start have negative months. */
export function monthSince(daysSinceStart: number): number {
  return Math.floor(daysSinceStart / DAYS_PER_MONTH);
}

export interface VegfPoint {
  month: number;
  daysSinceStart: number;
  vegfPgMl: number;
  /** The sample's assay limit: thresholds belong to the assay, so each point carries its own. */
  upperLimitPgMl: number | null;
}

export interface PatientVegfSeries {
  pseudoId: string;
  arm: Arm;
  points: VegfPoint[];
}

export interface VegfMonthSummary {
  arm: Arm;
  month: number;
  n: number;
  median: number;
  q1: number;
  q3: number;
}

/** One patient's serum VEGF against time since treatment start; null without a treatment start. */
export function vegfSeriesOf({ patient, measurements }: ResearchRecord): PatientVegfSeries | null {
  const start = patient.treatmentStartedOn;
  if (start === null) return null;
  const points = measurements
    .filter((m) => m.kind === 'VEGF' && m.value !== null)
    .sort(byMeasuredOn)
    .map((m) => {
      const daysSinceStart = daysFromTo(start, m.measuredOn);
      return { month: monthSince(daysSinceStart), daysSinceStart, vegfPgMl: m.value!, upperLimitPgMl: m.upperLimitOfNormal };
    });
  return { pseudoId: patient.pseudoId, arm: patient.arm, points };
}

/**
 * Median and quartiles per arm and month. Each patient counts once per month, with the last
 * sample of that month, so n is a number of patients and a patient sampled twice in a month
 * does not weigh double.
 */
export function summariseVegfByMonth(series: readonly PatientVegfSeries[]): VegfMonthSummary[] {
  const values = new Map<string, { arm: Arm; month: number; values: number[] }>();
  for (const patient of series) {
    const lastOfMonth = new Map<number, number>();
    for (const point of patient.points) lastOfMonth.set(point.month, point.vegfPgMl);
    for (const [month, value] of lastOfMonth) {
      const id = `${patient.arm}:${month}`;
      const group = values.get(id) ?? { arm: patient.arm, month, values: [] };
      group.values.push(value);
      values.set(id, group);
    }
  }
  return [...values.values()]
    .map(({ arm, month, values: v }) => ({ arm, month, ...quartiles(v) }))
    .sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || a.month - b.month);
}

/** The data behind the study's Figures 1 and 2: per patient, and per arm and month. */
export function presentVegfSeries(records: readonly ResearchRecord[]): { perPatient: PatientVegfSeries[]; perMonth: VegfMonthSummary[] } {
  const perPatient = records
    .map(vegfSeriesOf)
    .filter((s): s is PatientVegfSeries => s !== null)
    .sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || (a.pseudoId < b.pseudoId ? -1 : 1));
  return { perPatient, perMonth: summariseVegfByMonth(perPatient) };
}
