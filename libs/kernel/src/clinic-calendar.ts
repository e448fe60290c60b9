import { DAY_MS, toIso, toMs, type IsoTime } from './time';

/**
 * The clinic's calendar. Times are stored in UTC, but a clinical *day* (an age, a due date, a grace
 * period's last day, the date a summary shows) is the day on the clinic's wall calendar: in Tokyo a
 * dose at 08:30 on 1 March is given on 1 March, although it is still 29 February in UTC.
 *
 * A time zone is an IANA name (`Asia/Tokyo`, `Europe/Paris`). It reaches the domain as data (the
 * decide context, then the enrolment event that records it), never from the environment. The
 * arithmetic uses the ECMAScript Intl time-zone database, which is deterministic for a given Node
 * build; each event also records the offset it was decided with, so a later database change cannot
 * move a stored day.
 */
export type TimeZone = string;

/** Where the source study was run; the configuration's default (CLINIC_TIME_ZONE). */
export const DEFAULT_CLINIC_TIME_ZONE: TimeZone = 'Asia/Tokyo';

/** What an enrolment recorded before clinic time zones existed: its days were UTC days. */
export const LEGACY_TIME_ZONE: TimeZone = 'UTC';

/** A calendar date, YYYY-MM-DD. */
export type CalendarDate = string;

// Formatters are costly to build; a zone's formatter never changes, so caching keeps this pure.
const formatters = new Map<TimeZone, Intl.DateTimeFormat>();

function formatterFor(zone: TimeZone): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True for an IANA time-zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  readonly date: CalendarDate;
  readonly offsetMinutes: number;
}

/**
 * A pure function of (value, zone) with its answers kept, at most `limit` of them (all dropped
 * when full): the rules read the same clinical times and dates at every evaluation of a patient.
 */
function keptPerZone<T extends string | number, R>(limit: number, compute: (value: T, zone: TimeZone) => R): (value: T, zone: TimeZone) => R {
  const kept = new Map<string, R>();
  return (value, zone) => {
    const key = `${zone}|${value}`;
    const known = kept.get(key);
    if (known !== undefined) return known;
    const answer = compute(value, zone);
    if (kept.size >= limit) kept.clear();
    kept.set(key, answer);
    return answer;
  };
}

/** `formatToParts` was the rules' largest cost before its answers were kept. */
const wallClock = keptPerZone(50_000, readWallClock);

function readWallClock(ms: number, zone: TimeZone): WallClock {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const name = part('timeZoneName');
  const match = /([+-])(\d{2}):?(\d{2})/.exec(name);
  const offsetMinutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, offsetMinutes };
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The clinic's UTC offset at an instant, e.g. "+09:00" ("+00:00" for UTC). */
export function utcOffsetAt(time: IsoTime, zone: TimeZone): string {
  return formatOffset(wallClock(toMs(time), zone).offsetMinutes);
}

/** The clinic's calendar date at an instant. */
export function localDate(time: IsoTime, zone: TimeZone): CalendarDate {
  return wallClock(toMs(time), zone).date;
}

function dateMs(date: CalendarDate): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}

/** A calendar date moved by whole days (no time zone involved: dates are not instants). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return toIso(dateMs(date) + days * DAY_MS).slice(0, 10);
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetweenDates(from: CalendarDate, to: CalendarDate): number {
  return Math.round((dateMs(to) - dateMs(from)) / DAY_MS);
}

/** Whole clinic days from the day of `from` to the day of `to`: 0 on the same clinic day. */
export function clinicDaysBetween(from: IsoTime, to: IsoTime, zone: TimeZone): number {
  return daysBetweenDates(localDate(from, zone), localDate(to, zone));
}

const dayStartOf = keptPerZone(20_000, findStartOfLocalDay);

/** The first instant of a clinic date (local midnight, or the first existing instant after a DST gap). */
export function startOfLocalDay(date: CalendarDate, zone: TimeZone): IsoTime {
  return dayStartOf(date, zone);
}

function findStartOfLocalDay(date: CalendarDate, zone: TimeZone): IsoTime {
  const midnight = dateMs(date);
  // Two passes settle the offset, also across a DST change on that day.
  let guess = midnight - wallClock(midnight, zone).offsetMinutes * 60_000;
  guess = midnight - wallClock(guess, zone).offsetMinutes * 60_000;
  if (wallClock(guess, zone).date === date && wallClock(guess - 1, zone).date !== date) return toIso(guess);
  // Midnight fell in a DST gap: the day starts at the first instant of the 15-minute grid that is on it.
  for (let t = guess - 3 * 3_600_000; t <= guess + 3 * 3_600_000; t += 15 * 60_000) {
    if (wallClock(t, zone).date === date) return toIso(t);
  }
  throw new Error(`No start of ${date} in ${zone}`);
}

/** The last millisecond of a clinic date: "by day D" is inclusive of all of D. */
export function endOfLocalDay(date: CalendarDate, zone: TimeZone): IsoTime {
  return toIso(toMs(startOfLocalDay(addCalendarDays(date, 1), zone)) - 1);
}

/** The last millisecond of the clinic day `days` after the day of `time`. */
export function endOfClinicDayAfter(time: IsoTime, days: number, zone: TimeZone): IsoTime {
  return endOfLocalDay(addCalendarDays(localDate(time, zone), days), zone);
}

/** Completed years between a birth date (YYYY-MM-DD) and the clinic date of `at`. */
export function ageOnDate(birthDate: CalendarDate, on: CalendarDate): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Completed years at an instant, on the clinic's calendar. */
export function ageAt(birthDate: CalendarDate, at: IsoTime, zone: TimeZone): number {
  return ageOnDate(birthDate, localDate(at, zone));
}
