/**
 * Every time the app shows is in the clinic's time zone (CLINIC_TIME_ZONE), never the browser's
 * or UTC: a sample taken at 08:00 on 28 Nov in Tokyo reads 28 Nov 08:00 wherever it is opened.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(key, found);
  }
  return found;
}

function parts(epochMs: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(epochMs)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

/** Minutes the zone is ahead of UTC at that instant (Tokyo: 540). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  const p = parts(epochMs, timeZone);
  const asUtc = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** "UTC+09:00". */
export function offsetLabel(iso: string, timeZone: string): string {
  const minutes = offsetMinutes(Date.parse(iso), timeZone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "28 Nov 2026, 08:00" in the clinic's zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  return formatter(timeZone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));
}

/** "28 Nov 2026" in the clinic's zone. */
export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(Date.parse(iso));
}

/** The hover text: the zone, its offset then, and the instant in UTC. */
export function timeTitle(iso: string, timeZone: string): string {
  return `${timeZone} (${offsetLabel(iso, timeZone)}) · ${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The value of an <input type="datetime-local"> showing this instant in the clinic's zone. */
export function toLocalInput(iso: string, timeZone: string): string {
  const p = parts(Date.parse(iso), timeZone);
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p['year']}-${pad(p['month'])}-${pad(p['day'])}T${pad(p['hour'])}:${pad(p['minute'])}`;
}

/** The instant a wall-clock time in the clinic's zone stands for ("2026-11-28T08:00" in Tokyo → 2026-11-27T23:00Z). */
export function fromLocalInput(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1).map((v) => v ?? '0');
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  // The offset at the guess, then again at the result: right across a daylight-saving change.
  let instant = wall - offsetMinutes(wall, timeZone) * 60_000;
  instant = wall - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/** Seconds since the epoch, uPlot's time unit. */
export const toSeconds = (iso: string): number => Date.parse(iso) / 1000;

/** A clinic calendar date as it is ("2026-03-03" → "3 Mar 2026"): already in the clinic's calendar, so no zone applies. */
export function formatCalendarDate(date: string): string {
  return formatter('UTC', { day: 'numeric', month: 'short', year: 'numeric' }).format(Date.parse(`${date}T00:00:00Z`));
}
