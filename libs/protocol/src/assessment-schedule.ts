import { addDays, isAfter, isBefore, toMs, type IsoTime } from '@poems/kernel';
import type { Arm } from './arm';
import type { ScheduledAssessmentKind, ScheduleItem, WindowPick } from './monitoring-protocol';
import type { ProtocolDefinition } from './protocol-definition';

/** A result that can satisfy a scheduled assessment: the event that recorded it and its clinical time. */
export interface ScheduleResult {
  readonly id: string;
  readonly at: IsoTime;
}

/** Everything the schedule reads from a patient's history (built from the folded state or the timeline rows). */
export interface ScheduleInputs {
  readonly arm: Arm;
  /** The first thalidomide dose, or the stem cell infusion on Auto-PBSCT. */
  readonly treatmentStart?: { readonly id: string; readonly at: IsoTime };
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
  readonly dueAt: IsoTime;
  readonly opensAt: IsoTime;
  readonly closesAt: IsoTime;
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
  const inWindow = results.filter((r) => !isBefore(r.at, opens) && !isAfter(r.at, closes)).sort((a, b) => toMs(a.at) - toMs(b.at));
  if (pick === 'FIRST') return inWindow[0];
  if (pick === 'LAST') return inWindow.at(-1);
  const distance = (r: T) => Math.abs(toMs(r.at) - toMs(target));
  return inWindow.reduce<T | undefined>((best, r) => (best === undefined || distance(r) <= distance(best) ? r : best), undefined);
}

function judge(item: ScheduleItem, day: number, anchor: { id: string; at: IsoTime }, results: ReadonlyArray<ScheduleResult>, now: IsoTime): DueAssessment {
  const dueAt = addDays(anchor.at, day);
  const opensAt = addDays(dueAt, -item.window.daysBefore);
  const closesAt = addDays(dueAt, item.window.daysAfter);
  const base = { kind: item.kind, day, dueAt, opensAt, closesAt, anchorId: anchor.id };
  const inWindow = pickInWindow(results, dueAt, opensAt, closesAt, 'CLOSEST');
  if (inWindow) return { ...base, status: 'DONE', result: inWindow };
  if (!isAfter(now, closesAt)) return { ...base, status: isBefore(now, opensAt) ? 'UPCOMING' : 'OPEN' };
  const late = [...results].sort((a, b) => toMs(a.at) - toMs(b.at)).find((r) => isAfter(r.at, closesAt));
  return late ? { ...base, status: 'DONE_LATE', result: late } : { ...base, status: 'OVERDUE' };
}

/**
 * Every scheduled assessment of the patient's arm whose anchor is recorded, judged at `now`:
 * listed days all, open-ended series up to the first window that has not opened yet (the next one
 * due). Sorted by due time, then kind.
 */
export function assessmentSchedule(protocol: ProtocolDefinition, inputs: ScheduleInputs, now: IsoTime): DueAssessment[] {
  const due: DueAssessment[] = [];
  for (const item of protocol.assessmentSchedule.items) {
    if (item.arm !== inputs.arm) continue;
    const anchors =
      item.phase === 'AFTER_TREATMENT_START'
        ? inputs.treatmentStart
          ? [{ anchor: inputs.treatmentStart, results: inputs.results[item.kind] ?? [] }]
          : []
        : inputs.aphereses.map((a) => ({
            anchor: a,
            results: item.kind === 'CD34_YIELD' ? (a.yieldKnownAt ? [{ id: a.id, at: a.yieldKnownAt }] : []) : (inputs.results[item.kind] ?? []),
          }));
    for (const { anchor, results } of anchors) {
      const opened = (day: number) => !isAfter(addDays(anchor.at, day - item.window.daysBefore), now);
      for (const day of dueDays(item, opened)) due.push(judge(item, day, anchor, results, now));
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
