import { addCalendarDays, daysBetweenDates, toIso, toMs, type CalendarDate, type IsoTime } from '@poems/kernel';
import type { ResearchMeasurementRow } from './research-rows';

/**
 * The clinic date of a stored clinical time, by the UTC offset its event recorded when it was
 * decided (`clinicalTimeOffset`, "+09:00"): the same date the rules see on the patient's clinic
 * calendar, without the time-zone database or the enrolment (a projection reads one event at a
 * time). Events of patients enrolled before clinic zones were recorded carry none: their days are
 * UTC days, as the rules count them.
 */
export function clinicDateOf(time: IsoTime, clinicalTimeOffset: string | undefined): CalendarDate {
  const match = clinicalTimeOffset === undefined ? null : /^([+-])(\d{2}):(\d{2})$/.exec(clinicalTimeOffset);
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return toIso(toMs(time) + minutes * 60_000).slice(0, 10);
}

/**
 * A clinical time as research keeps it: its clinic date (see clinicDateOf) moved by the patient's
 * offset. Times of day are not research data.
 */
export function shiftedDate(time: IsoTime, shiftDays: number, clinicalTimeOffset?: string): CalendarDate {
  return addCalendarDays(clinicDateOf(time, clinicalTimeOffset), shiftDays);
}

/** Whole days from one YYYY-MM-DD date to another; the shift cancels out within a patient. */
export function daysFromTo(from: string, to: string): number {
  return daysBetweenDates(from, to);
}

/**
 * Chronological order. Rows keep only the day, so samples of the same day are ordered by their
 * keyed hash: arbitrary, but the same on every read and after every rebuild.
 */
export function byMeasuredOn(a: ResearchMeasurementRow, b: ResearchMeasurementRow): number {
  if (a.measuredOn !== b.measuredOn) return a.measuredOn < b.measuredOn ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
