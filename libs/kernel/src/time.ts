/**
 * Clinical and recorded times travel as ISO-8601 strings in UTC ("2024-03-01T09:30:00.000Z").
 * Strings keep events JSON- and hash-stable; these helpers do the arithmetic.
 */
export type IsoTime = string;

export const DAY_MS = 86_400_000;

export function toMs(iso: IsoTime): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an ISO time: ${iso}`);
  return ms;
}

export function toIso(ms: number): IsoTime {
  return new Date(ms).toISOString();
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
