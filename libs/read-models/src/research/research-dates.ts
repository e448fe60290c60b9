import { addDays, daysBetween, type IsoTime } from '@poems/kernel';
import type { ResearchMeasurementRow } from './research-rows';

/** A clinical time moved by the patient's offset, kept to the (UTC) day: times of day are not research data. */
export function shiftedDate(time: IsoTime, shiftDays: number): string {
  return addDays(time, shiftDays).slice(0, 10);
}

/** Whole days from one YYYY-MM-DD date to another; the shift cancels out within a patient. */
export function daysFromTo(from: string, to: string): number {
  return Math.round(daysBetween(`${from}T00:00:00.000Z`, `${to}T00:00:00.000Z`));
}

/**
 * Chronological order. Rows keep only the day, so samples of the same day are ordered by their
 * keyed hash: arbitrary, but the same on every read and after every rebuild.
 */
export function byMeasuredOn(a: ResearchMeasurementRow, b: ResearchMeasurementRow): number {
  if (a.measuredOn !== b.measuredOn) return a.measuredOn < b.measuredOn ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
