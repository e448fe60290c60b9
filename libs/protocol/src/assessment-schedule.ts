import {
  addCalendarDays,
  addDays,
  daysBetweenDates,
  endOfLocalDay,
  isAfter,
  isBefore,
  localDate,
  startOfLocalDay,
  toMs,
  type CalendarDate,
  type IsoTime,
  type TimeZone,
} from '@poems/kernel';
import type { Arm } from './arm';
import type { ScheduledAssessmentKind, ScheduleItem, WindowPick } from './monitoring-protocol';
import type { ProtocolDefinition } from './protocol-definition';

/** A result that can satisfy a scheduled assessment: the event that recorded it and its clinical time. */
export interface ScheduleResult {
  readonly id: string;
  readonly at: IsoTime;
}

/** A regimen cycle as the schedule needs it: when it was due on the grid, and the date the grid continues from. */
export interface ScheduleCycle {
  readonly dueDate: CalendarDate;
  /** The due date, or the actual start when that was outside the grace days (the cycle re-anchored the grid). */
  readonly anchorDate: CalendarDate;
}

/** Everything the schedule reads from a patient's history (built from the folded state or the timeline rows). */
export interface ScheduleInputs {
  readonly arm: Arm;
  /** The patient's clinic time zone: due days and window edges are clinic days (issue 16 item 9). */
  readonly zone: TimeZone;
  /** The first thalidomide dose, or the stem cell infusion on Auto-PBSCT. */
  readonly treatmentStart?: { readonly id: string; readonly at: IsoTime };
  /**
   * Thalidomide arm: the regimen's dexamethasone cycles (in order), whose visits carry the
   * assessments. A cycle that re-anchored the cycle grid moves every later due day by as much.
   */
  readonly cycles?: ReadonlyArray<ScheduleCycle>;
  /** Each apheresis, with when its CD34+ yield became known (absent: no yield recorded). */
  readonly aphereses: ReadonlyArray<{ readonly id: string; readonly at: IsoTime; readonly yieldKnownAt?: IsoTime }>;
  /** Results of each kind, any order (CD34_YIELD comes from `aphereses`). */
  readonly results: Readonly<Partial<Record<ScheduledAssessmentKind, ReadonlyArray<ScheduleResult>>>>;
}

/**
 * DONE: a result in the window. DONE_LATE: none in the window, one after it closed (late results
 * count, and say so). OVERDUE: the window closed with none. OPEN: the window is open, no result
 * yet. UPCOMING: the window has not opened.
 */
export type DueStatus = 'DONE' | 'DONE_LATE' | 'OVERDUE' | 'OPEN' | 'UPCOMING';

export interface DueAssessment {
  readonly kind: ScheduledAssessmentKind;
  /** Days after the anchor, as the protocol states it. */
  readonly day: number;
  /** The clinic date it is due on. */
  readonly dueDate: CalendarDate;
  /** The anchor's clock time on the due date (names the episode; the target a CLOSEST pick measures from). */
  readonly dueAt: IsoTime;
  /** The first instant of the window's first clinic day. */
  readonly opensAt: IsoTime;
  /** The last millisecond of the window's last clinic day. */
  readonly closesAt: IsoTime;
  /** The window's last clinic date, and the anchor's clock time on it (what an alert about the window is dated at). */
  readonly closesOn: CalendarDate;
  readonly closesOnAt: IsoTime;
  /** The event the days count from (treatment start or the apheresis). */
  readonly anchorId: string;
  readonly status: DueStatus;
  /** DONE: the result that counts (closest to the due day); DONE_LATE: the first result after the window. */
  readonly result?: ScheduleResult;
}

function dueDays(item: ScheduleItem, more: (day: number) => boolean): number[] {
  if ('at' in item.days) return [...item.days.at];
  const { from, every, until } = item.days;
  const days: number[] = [];
  for (let day = from; until === undefined || day <= until; day += every) {
    days.push(day);
    if (until === undefined && !more(day)) break;
  }
  return days;
}

/** The result of a window that counts: closest to the target (ties: the later one), first or last. */
export function pickInWindow<T extends ScheduleResult>(results: ReadonlyArray<T>, target: IsoTime, opens: IsoTime, closes: IsoTime, pick: WindowPick): T | undefined {
  return pickInTimed(timed(results), toMs(target), toMs(opens), toMs(closes), pick);
}

/** Results with their times parsed once, in time order (stable: equal times keep their order). */
interface Timed<T> {
  readonly result: T;
  readonly ms: number;
}

function timed<T extends ScheduleResult>(results: ReadonlyArray<T>): Array<Timed<T>> {
  return results.map((result) => ({ result, ms: toMs(result.at) })).sort((a, b) => a.ms - b.ms);
}

function pickInTimed<T>(sorted: ReadonlyArray<Timed<T>>, target: number, opens: number, closes: number, pick: WindowPick): T | undefined {
  const inWindow = sorted.filter((r) => r.ms >= opens && r.ms <= closes);
  if (pick === 'FIRST') return inWindow[0]?.result;
  if (pick === 'LAST') return inWindow.at(-1)?.result;
  let best: Timed<T> | undefined;
  for (const r of inWindow) if (best === undefined || Math.abs(r.ms - target) <= Math.abs(best.ms - target)) best = r;
  return best?.result;
}

interface DueDay {
  readonly date: CalendarDate;
  readonly at: IsoTime;
}

/**
 * Day `day` after the anchor on the clinic calendar, moved by every cycle that re-anchored the
 * regimen's grid before it (a late or early cycle start outside the grace days): the visits follow
 * the cycles, so a delay flagged once by DEX_CYCLE_MISSED does not make every later assessment late.
 * The visit of the late cycle itself stays due on its original date.
 */
function dueDay(anchor: { at: IsoTime }, day: number, cycles: ReadonlyArray<ScheduleCycle>, zone: TimeZone): DueDay {
  let shift = 0;
  const nominal = addCalendarDays(localDate(anchor.at, zone), day);
  for (const cycle of cycles) {
    const moved = daysBetweenDates(cycle.dueDate, cycle.anchorDate);
    if (moved !== 0 && cycle.anchorDate < addCalendarDays(nominal, shift)) shift += moved;
  }
  return { date: addCalendarDays(nominal, shift), at: addDays(anchor.at, day + shift) };
}

function judge(item: ScheduleItem, day: number, due: DueDay, anchorId: string, results: ReadonlyArray<Timed<ScheduleResult>>, now: IsoTime, zone: TimeZone): DueAssessment {
  const closesOn = addCalendarDays(due.date, item.window.daysAfter);
  const opensAt = startOfLocalDay(addCalendarDays(due.date, -item.window.daysBefore), zone);
  const closesAt = endOfLocalDay(closesOn, zone);
  const base = { kind: item.kind, day, dueDate: due.date, dueAt: due.at, opensAt, closesAt, closesOn, closesOnAt: addDays(due.at, item.window.daysAfter), anchorId };
  const closesMs = toMs(closesAt);
  const inWindow = pickInTimed(results, toMs(due.at), toMs(opensAt), closesMs, 'CLOSEST');
  if (inWindow) return { ...base, status: 'DONE', result: inWindow };
  if (!isAfter(now, closesAt)) return { ...base, status: isBefore(now, opensAt) ? 'UPCOMING' : 'OPEN' };
  const late = results.find((r) => r.ms > closesMs)?.result;
  return late ? { ...base, status: 'DONE_LATE', result: late } : { ...base, status: 'OVERDUE' };
}

/**
 * Every scheduled assessment of the patient's arm whose anchor is recorded, judged at `now` on
 * the clinic calendar: a window runs from the start of its first clinic day to the end of its
 * last. Listed days all, open-ended series up to the first window that has not opened yet (the
 * next one due). Sorted by due time, then kind.
 */
export function assessmentSchedule(protocol: ProtocolDefinition, inputs: ScheduleInputs, now: IsoTime): DueAssessment[] {
  const { zone } = inputs;
  const due: DueAssessment[] = [];
  for (const item of protocol.assessmentSchedule.items) {
    if (item.arm !== inputs.arm) continue;
    const anchors =
      item.phase === 'AFTER_TREATMENT_START'
        ? inputs.treatmentStart
          ? [{ anchor: inputs.treatmentStart, cycles: inputs.cycles ?? [], results: inputs.results[item.kind] ?? [] }]
          : []
        : inputs.aphereses.map((a) => ({
            anchor: a,
            cycles: [],
            results: item.kind === 'CD34_YIELD' ? (a.yieldKnownAt ? [{ id: a.id, at: a.yieldKnownAt }] : []) : (inputs.results[item.kind] ?? []),
          }));
    for (const { anchor, cycles, results } of anchors) {
      const dueOn = (day: number) => dueDay(anchor, day, cycles, zone);
      const opened = (day: number) => !isAfter(startOfLocalDay(addCalendarDays(dueOn(day).date, -item.window.daysBefore), zone), now);
      const sorted = timed(results);
      for (const day of dueDays(item, opened)) due.push(judge(item, day, dueOn(day), anchor.id, sorted, now, zone));
    }
  }
  return due.sort((a, b) => toMs(a.dueAt) - toMs(b.dueAt) || a.kind.localeCompare(b.kind));
}

/** Per kind, the first assessment still to come (window open or not yet open). */
export function nextDueAssessments(schedule: ReadonlyArray<DueAssessment>): DueAssessment[] {
  const next = new Map<ScheduledAssessmentKind, DueAssessment>();
  for (const due of schedule) if ((due.status === 'OPEN' || due.status === 'UPCOMING') && !next.has(due.kind)) next.set(due.kind, due);
  return [...next.values()];
}
