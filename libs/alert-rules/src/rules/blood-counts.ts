import { addCalendarDays, isAfter, isBefore, startOfLocalDay, toMs, type IsoTime, type TimeZone } from '@poems/kernel';
import { labsOf, milestoneOf, milestonesOf, type MilestoneEntry, type PatientState } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';
import { day } from '../rule-support';

/** One clinic day's counts of a test: consecutive-day definitions read counts by clinic day (issue 16 item 9). */
export interface CountDay {
  /** The clinic date. */
  readonly day: string;
  /** The day's first result. */
  readonly firstAt: IsoTime;
  /** The lowest value that day, /µL: a day is "at or above" only when every result is. */
  readonly lowest: number;
  readonly highest: number;
  readonly eventIds: ReadonlyArray<string>;
}

/** Results of a count collected at or after `from`, grouped by clinic day, in order. */
export function countDays(state: PatientState, test: 'ANC' | 'PLATELETS', from: IsoTime, zone: TimeZone): CountDay[] {
  const days = new Map<string, { firstAt: IsoTime; values: number[]; eventIds: string[] }>();
  for (const lab of labsOf(state, test)) {
    if (typeof lab.value !== 'number' || isBefore(lab.collectedAt, from)) continue;
    const key = day(lab.collectedAt, zone);
    const entry = days.get(key) ?? { firstAt: lab.collectedAt, values: [], eventIds: [] };
    entry.values.push(lab.value);
    entry.eventIds.push(lab.eventId);
    days.set(key, entry);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([d, e]) => ({ day: d, firstAt: e.firstAt, lowest: Math.min(...e.values), highest: Math.max(...e.values), eventIds: e.eventIds }));
}

/**
 * The first run of `length` consecutive clinic days that each satisfy `ok`, starting after a day
 * that did not (when `afterNadir`: recovery is counted after the post-transplant nadir, so the
 * counts of the first days after infusion are not mistaken for it), and accepted by `accept`.
 */
export function firstRun(days: ReadonlyArray<CountDay>, ok: (d: CountDay) => boolean, length: number, afterNadir: boolean, accept: (run: CountDay[]) => boolean = () => true): CountDay[] | undefined {
  let seenNotOk = !afterNadir;
  for (let i = 0; i < days.length; i += 1) {
    if (!ok(days[i]!)) {
      seenNotOk = true;
      continue;
    }
    if (!seenNotOk) continue;
    const run = [days[i]!];
    while (run.length < length && days[i + run.length] && ok(days[i + run.length]!) && days[i + run.length]!.day === addCalendarDays(run.at(-1)!.day, 1)) {
      run.push(days[i + run.length]!);
    }
    if (run.length === length && accept(run)) return run;
  }
  return undefined;
}

/** Engraftment read from the counts: the first day of the run, and when the run was complete. */
export interface CountedEngraftment {
  readonly at: IsoTime;
  /** The first result of the run's last day: before it, the counts could not show engraftment. */
  readonly knownAt: IsoTime;
  readonly evidence: ReadonlyArray<string>;
}

export interface EngraftmentReading {
  readonly counted?: CountedEngraftment;
  /** The clinician's statement (the recorded milestone). */
  readonly recorded?: MilestoneEntry;
  /** What the rules use: the counts when they show it, else the recorded milestone. */
  readonly effective?: { readonly at: IsoTime; readonly knownAt: IsoTime; readonly source: 'COUNTS' | 'RECORDED'; readonly evidence: ReadonlyArray<string> };
}

function reading(counted: CountedEngraftment | undefined, recorded: MilestoneEntry | undefined): EngraftmentReading {
  const effective = counted
    ? { ...counted, source: 'COUNTS' as const }
    : recorded && { at: recorded.occurredAt, knownAt: recorded.occurredAt, source: 'RECORDED' as const, evidence: [recorded.eventId] };
  return { ...(counted && { counted }), ...(recorded && { recorded }), ...(effective && { effective }) };
}

const counted = (run: CountDay[] | undefined): CountedEngraftment | undefined =>
  run && { at: run[0]!.firstAt, knownAt: run.at(-1)!.firstAt, evidence: run.flatMap((d) => d.eventIds) };

/**
 * Neutrophil engraftment after the infusion (ASTCT, Kharfan-Dabaja 2021): the first of
 * `consecutiveDays` consecutive days with every ANC ≥ `ancAtLeastPerUl`, after the nadir.
 */
export function neutrophilEngraftment(state: PatientState, protocol: ProtocolDefinition, infusion: MilestoneEntry, zone: TimeZone): EngraftmentReading {
  const { ancAtLeastPerUl, consecutiveDays } = protocol.engraftment.neutrophil;
  const run = firstRun(countDays(state, 'ANC', infusion.occurredAt, zone), (d) => d.lowest >= ancAtLeastPerUl, consecutiveDays, true);
  return reading(counted(run), milestoneOf(state, 'NEUTROPHIL_ENGRAFTMENT'));
}

/**
 * Platelet engraftment after the infusion: the first of `consecutiveDays` consecutive days with
 * every count ≥ `atLeastPerUl`, after the nadir, with no platelet transfusion from the start of
 * the clinic day `transfusionFreeDays` before the first day to the end of the run's last day.
 */
export function plateletEngraftment(state: PatientState, protocol: ProtocolDefinition, infusion: MilestoneEntry, zone: TimeZone): EngraftmentReading {
  const { atLeastPerUl, consecutiveDays, transfusionFreeDays } = protocol.engraftment.platelet;
  const transfused = state.transfusions.filter((t) => t.product === 'PLATELETS').map((t) => t.givenAt);
  const untransfused = (run: CountDay[]) => {
    const from = startOfLocalDay(addCalendarDays(run[0]!.day, -transfusionFreeDays), zone);
    const to = startOfLocalDay(addCalendarDays(run.at(-1)!.day, 1), zone);
    return !transfused.some((t) => !isBefore(t, from) && isBefore(t, to));
  };
  const run = firstRun(countDays(state, 'PLATELETS', infusion.occurredAt, zone), (d) => d.lowest >= atLeastPerUl, consecutiveDays, true, untransfused);
  return reading(counted(run), milestoneOf(state, 'PLATELET_ENGRAFTMENT'));
}

/** The ANC nearest a time within `hours`, or undefined. */
export function ancNear(state: PatientState, at: IsoTime, hours: number): { readonly value: number; readonly eventId: string; readonly collectedAt: IsoTime } | undefined {
  const limit = hours * 3_600_000;
  const near = labsOf(state, 'ANC')
    .filter((l) => typeof l.value === 'number' && Math.abs(toMs(l.collectedAt) - toMs(at)) <= limit)
    .sort((a, b) => Math.abs(toMs(a.collectedAt) - toMs(at)) - Math.abs(toMs(b.collectedAt) - toMs(at)) || toMs(a.collectedAt) - toMs(b.collectedAt))[0];
  return near && { value: near.value as number, eventId: near.eventId, collectedAt: near.collectedAt };
}

/** The last apheresis of the collection, or undefined. */
export function lastApheresis(state: PatientState): MilestoneEntry | undefined {
  return milestonesOf(state, 'APHERESIS').at(-1);
}

/** Whether a time is inside [from, to], both inclusive. */
export function within(t: IsoTime, from: IsoTime, to: IsoTime): boolean {
  return !isBefore(t, from) && !isAfter(t, to);
}
