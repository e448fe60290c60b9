/**
 * Clinical and recorded times travel as ISO-8601 strings in UTC ("2024-03-01T09:30:00.000Z").
 * Strings keep events JSON- and hash-stable; these helpers do the arithmetic.
 */
export type IsoTime = string;

export const DAY_MS = 86_400_000;

/**
 * Both conversions remembered (bounded; forgotten all at once when full): rules walk the same
 * history's times over and over, once per evaluation, and `toISOString` costs ~0.8 µs a call,
 * `Date.parse` ~0.2 µs, against ~25 ns for a lookup (the worker's profile had them at 6%).
 */
const REMEMBERED = 50_000;
const msOf = new Map<string, number>();
const isoOf = new Map<number, IsoTime>();

export function toMs(iso: IsoTime): number {
  const known = msOf.get(iso);
  if (known !== undefined) return known;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an ISO time: ${iso}`);
  if (msOf.size >= REMEMBERED) msOf.clear();
  msOf.set(iso, ms);
  return ms;
}

export function toIso(ms: number): IsoTime {
  const known = isoOf.get(ms);
  if (known !== undefined) return known;
  const iso = new Date(ms).toISOString();
  if (isoOf.size >= REMEMBERED) isoOf.clear();
  isoOf.set(ms, iso);
  return iso;
}

/** Normalises any ISO-8601 time with an offset to UTC with milliseconds. */
export function normaliseIso(iso: string): IsoTime {
  return toIso(toMs(iso));
}

export function addDays(iso: IsoTime, days: number): IsoTime {
  return toIso(toMs(iso) + days * DAY_MS);
}

/** Whole and fractional days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoTime, to: IsoTime): number {
  return (toMs(to) - toMs(from)) / DAY_MS;
}

export function isBefore(a: IsoTime, b: IsoTime): boolean {
  return toMs(a) < toMs(b);
}

export function isAfter(a: IsoTime, b: IsoTime): boolean {
  return toMs(a) > toMs(b);
}

export function maxIso(a: IsoTime, b: IsoTime): IsoTime {
  return isAfter(a, b) ? a : b;
}

/** Completed years between a birth date (YYYY-MM-DD) and a time, by calendar (not 365.25 days). */
export function ageInYears(birthDate: string, at: IsoTime): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const when = new Date(toMs(at));
  let age = when.getUTCFullYear() - by;
  const month = when.getUTCMonth() + 1;
  if (month < bm || (month === bm && when.getUTCDate() < bd)) age -= 1;
  return age;
}
