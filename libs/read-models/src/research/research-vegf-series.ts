import { type Arm, ARMS, vegfSeriesLabel } from '@poems/protocol';
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
  /** The sample's assay limit: thresholds belong to the assay, so each point carries its own (null: unknown). */
  upperLimitPgMl: number | null;
  /** Specimen and method ("serum RIA"): values of different series are never summarised together. */
  series: string;
}

export interface PatientVegfSeries {
  pseudoId: string;
  arm: Arm;
  points: VegfPoint[];
}

export interface VegfMonthSummary {
  arm: Arm;
  /** The assay series summarised (issue 16 item 3): a switch of assay never reads as a fall. */
  series: string;
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
      return { month: monthSince(daysSinceStart), daysSinceStart, vegfPgMl: m.value!, upperLimitPgMl: m.upperLimitOfNormal, series: vegfSeriesLabel(m) };
    });
  return { pseudoId: patient.pseudoId, arm: patient.arm, points };
}

/**
 * Median and quartiles per arm, assay series and month. Each patient counts once per series and
 * month, with the last sample of that month, so n is a number of patients and a patient sampled
 * twice in a month does not weigh double. Series are never pooled: 600 pg/mL by serum RIA and by
 * plasma ELISA are different things.
 */
export function summariseVegfByMonth(series: readonly PatientVegfSeries[]): VegfMonthSummary[] {
  const values = new Map<string, { arm: Arm; series: string; month: number; values: number[] }>();
  for (const patient of series) {
    const lastOfMonth = new Map<string, { series: string; month: number; value: number }>();
    for (const point of patient.points) lastOfMonth.set(`${point.series}|${point.month}`, { series: point.series, month: point.month, value: point.vegfPgMl });
    for (const { series: assay, month, value } of lastOfMonth.values()) {
      const id = `${patient.arm}:${assay}:${month}`;
      const group = values.get(id) ?? { arm: patient.arm, series: assay, month, values: [] };
      group.values.push(value);
      values.set(id, group);
    }
  }
  return [...values.values()]
    .map(({ arm, series: assay, month, values: v }) => ({ arm, series: assay, month, ...quartiles(v) }))
    .sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || (a.series < b.series ? -1 : a.series > b.series ? 1 : 0) || a.month - b.month);
}

/** The data behind the study's Figures 1 and 2: per patient, and per arm and month. */
export function presentVegfSeries(records: readonly ResearchRecord[]): { perPatient: PatientVegfSeries[]; perMonth: VegfMonthSummary[] } {
  const perPatient = records
    .map(vegfSeriesOf)
    .filter((s): s is PatientVegfSeries => s !== null)
    .sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || (a.pseudoId < b.pseudoId ? -1 : 1));
  return { perPatient, perMonth: summariseVegfByMonth(perPatient) };
}
