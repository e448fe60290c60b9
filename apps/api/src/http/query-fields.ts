import { z } from 'zod';

/**
 * Query-string fields that reach SQL. Each refuses, with a 400 naming it, anything PostgreSQL
 * would choke on (a 500 otherwise): impossible dates, years outside 1..9999, NUL characters,
 * numbers beyond what a bigint or a safe JavaScript integer holds, empty values.
 */

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

function isRealInstant(text: string): boolean {
  const match = ISO_INSTANT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours = 0, offsetMinutes = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (year! < 1 || month! < 1 || month! > 12 || day! < 1 || hour! > 23 || minute! > 59 || second! > 59 || offsetHours > 18 || offsetMinutes > 59) return false;
  // Day 31 of a 30-day month rolls over in Date.UTC: compare the day back.
  return new Date(Date.UTC(year!, month! - 1, day!)).getUTCDate() === day && !Number.isNaN(Date.parse(text));
}

/** An ISO-8601 instant with an offset, on a real calendar day (2026-02-31 is refused). */
export const instantField = z.string().refine(isRealInstant, 'must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T09:00:00Z, on a real calendar day');

/** A whole number written in digits only (no exponent, no sign, no empty value), within bounds. */
export const countField = ({ min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {}) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number written in digits')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** The `next` cursor of a page of alerts: `<raisedAt>|<alertId>`. */
export const alertCursorField = z
  .string()
  .max(100)
  .refine((cursor) => {
    const [raisedAt, alertId, ...rest] = cursor.split('|');
    return rest.length === 0 && isRealInstant(raisedAt ?? '') && z.uuid().safeParse(alertId).success;
  }, 'must be the `next` value of the previous page, as given');

/** Text PostgreSQL can store: no NUL, no unpaired surrogate. */
export const plainTextField = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !text.includes('\u0000') && text.isWellFormed(), 'must not contain NUL or unpaired surrogate characters');
