import { ageInYears, DAY_MS, normaliseIso } from '@poems/kernel';
import type { Rng } from './prng';

/**
 * Whole calendar days since 1970-01-01. The cohort is treated in Japan: clinical times are
 * written in local time with the +09:00 offset, always between 09:00 and 17:59, so the local and
 * the UTC calendar dates are the same day.
 */
export type Day = number;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const OFFSET = '+09:00';
const OFFSET_HOURS = 9;

export function dayOf(date: string): Day {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (!CALENDAR_DATE.test(date) || Number.isNaN(ms)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return Math.round(ms / DAY_MS);
}

export function dateOf(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A time of day in the clinic, as hour and minute (local). */
export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

export function clock(hour: number, minute = 0): ClockTime {
  if (hour < OFFSET_HOURS || hour > 17 || minute < 0 || minute > 59) throw new RangeError(`Clinic hours are 09:00-17:59: ${hour}:${minute}`);
  return { hour, minute };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The clinical time as sent in a command: local time with its offset. */
export function localTime(day: Day, at: ClockTime): string {
  return `${dateOf(day)}T${pad(at.hour)}:${pad(at.minute)}:00${OFFSET}`;
}

/** The same instant as the domain stores it (UTC, milliseconds). */
export function utcTime(day: Day, at: ClockTime): string {
  return normaliseIso(localTime(day, at));
}

/** A birth date giving exactly `age` completed years on the enrolment day (never 29 February). */
export function birthDateFor(enrolmentDay: Day, age: number, rng: Rng): string {
  const enrolment = dateOf(enrolmentDay);
  const [year, month, dayOfMonth] = enrolment.split('-').map(Number) as [number, number, number];
  const birthMonth = rng.int(1, 12);
  const birthDay = rng.int(1, 28);
  const birthdayPassed = birthMonth < month || (birthMonth === month && birthDay <= dayOfMonth);
  const birthDate = `${year - age - (birthdayPassed ? 0 : 1)}-${pad(birthMonth)}-${pad(birthDay)}`;
  const actual = ageInYears(birthDate, `${enrolment}T00:00:00.000Z`);
  if (actual !== age) throw new Error(`birth date ${birthDate} gives age ${actual}, not ${age}`);
  return birthDate;
}
