import {
  addCalendarDays,
  addDays,
  assertNever,
  daysBetweenDates,
  localDate,
  type CalendarDate,
  type IsoTime,
  type TimeZone,
} from '@poems/kernel';
import type { DexamethasoneSchedule, ProtocolDefinition } from '@poems/protocol';

/** Why a regimen dose is more than its cycle gives (DOSE_OFF_PROTOCOL). */
export type ExtraDose =
  /** A second dose on a clinic day that already had one. */
  | 'SAME_DAY'
  /** More doses than the schedule's days, or a dose after its last day (+ the late-day tolerance). */
  | 'BEYOND_SCHEDULE'
  /** A cycle started more than the grace days before it was due. */
  | 'EARLY_CYCLE';

export interface CyclePosition {
  /** The cycle's slot counted from the regimen's first dose (a skipped cycle leaves its number unused). */
  readonly cycleNumber: number;
  /** 1-based clinic day of the cycle, counted from its first dose. */
  readonly cycleDay: number;
  readonly cycleStartedAt: IsoTime;
  readonly extra?: ExtraDose;
}

export interface CycleInfo {
  readonly cycleNumber: number;
  readonly startedAt: IsoTime;
  /** Index (in the doses given) of the cycle's first dose. */
  readonly firstDoseIndex: number;
  /** The clinic date the cycle was due to start: the grid from the first dose, re-anchored after an off-schedule start. */
  readonly dueDate: CalendarDate;
  /** The date the grid continues from: the due date, or the actual start when it was outside the grace days. */
  readonly anchorDate: CalendarDate;
  /** The instant of the anchor (the first dose's clock time carried along the grid): what an alert about the next due date is dated at. */
  readonly anchorTime: IsoTime;
  /** Doses that count for the schedule (extras excluded). */
  readonly scheduledDoses: number;
  /** Clinic date of the last day a scheduled dose may be given (last schedule day + late-day tolerance). */
  readonly lastDosingDate: CalendarDate;
}

export interface CycleRules {
  readonly schedule: DexamethasoneSchedule;
  readonly cycleLengthDays: number;
  readonly graceDays: number;
  readonly lateDayToleranceDays: number;
}

export function cycleRulesOf(protocol: ProtocolDefinition): CycleRules {
  const { schedule, cycleLengthDays, graceDays } = protocol.dexamethasone;
  return { schedule, cycleLengthDays, graceDays, lateDayToleranceDays: protocol.dexamethasoneCycles.lateDayToleranceDays };
}

/** The last scheduled dosing day of a cycle: 1 for a single day, 4 for days 1-4. */
export function scheduleLengthDays(schedule: DexamethasoneSchedule): number {
  switch (schedule.kind) {
    case 'SINGLE_DAY':
      return 1;
    case 'DAYS':
      return Math.max(...schedule.days);
    default:
      return assertNever(schedule, 'dexamethasone schedule');
  }
}

/** How many doses a cycle gives: 1 for a single day, 4 for days 1-4. */
export function scheduledDosesPerCycle(schedule: DexamethasoneSchedule): number {
  return schedule.kind === 'SINGLE_DAY' ? 1 : schedule.days.length;
}

interface OpenCycle {
  info: CycleInfo;
  startDate: CalendarDate;
  days: Set<CalendarDate>;
}

/**
 * Assigns regimen doses (sorted by clinical time) to cycles on the clinic's calendar (issue 16
 * item 8). Cycles are anchored on the regimen's first dose: cycle n is due cycleLength × (n − 1)
 * days after it, so delays within the grace days never accumulate. A dose more than half a cycle
 * after the current cycle's due date starts the next cycle (or a later one, when it falls within the
 * grace days of a later due date: the slots between were skipped); a start outside the grace days
 * re-anchors the grid on that start (its lateness is DEX_CYCLE_MISSED, its earliness an extra
 * dose), so one delay is flagged once. Within a cycle, days 2-4 are days of
 * that cycle, never new cycles; doses beyond the schedule are extras.
 */
export function assignCycles(sortedGivenAt: ReadonlyArray<IsoTime>, rules: CycleRules, zone: TimeZone): { positions: CyclePosition[]; cycles: CycleInfo[] } {
  const { schedule, cycleLengthDays: length, graceDays, lateDayToleranceDays } = rules;
  const perCycle = scheduledDosesPerCycle(schedule);
  const lastDayOffset = scheduleLengthDays(schedule) - 1 + lateDayToleranceDays;
  const positions: CyclePosition[] = [];
  const cycles: CycleInfo[] = [];
  let open: OpenCycle | undefined;

  const startCycle = (givenAt: IsoTime, index: number, date: CalendarDate, number: number, dueDate: CalendarDate, dueTime: IsoTime): ExtraDose | undefined => {
    const delay = daysBetweenDates(dueDate, date);
    const offSchedule = Math.abs(delay) > graceDays;
    const info: CycleInfo = {
      cycleNumber: number,
      startedAt: givenAt,
      firstDoseIndex: index,
      dueDate,
      anchorDate: offSchedule ? date : dueDate,
      anchorTime: offSchedule ? givenAt : dueTime,
      scheduledDoses: 1,
      lastDosingDate: addCalendarDays(date, lastDayOffset),
    };
    cycles.push(info);
    open = { info, startDate: date, days: new Set([date]) };
    return delay < -graceDays ? 'EARLY_CYCLE' : undefined;
  };

  sortedGivenAt.forEach((givenAt, index) => {
    const date = localDate(givenAt, zone);
    if (!open) {
      startCycle(givenAt, index, date, 1, date, givenAt);
      positions.push({ cycleNumber: 1, cycleDay: 1, cycleStartedAt: givenAt });
      return;
    }
    const nextDue = addCalendarDays(open.info.anchorDate, length);
    const fromNextDue = daysBetweenDates(nextDue, date);
    if (fromNextDue < -length / 2) {
      const cycleDay = daysBetweenDates(open.startDate, date) + 1;
      const extra: ExtraDose | undefined = open.days.has(date)
        ? 'SAME_DAY'
        : open.info.scheduledDoses >= perCycle || date > open.info.lastDosingDate
          ? 'BEYOND_SCHEDULE'
          : undefined;
      open.days.add(date);
      if (!extra) {
        const updated = { ...open.info, scheduledDoses: open.info.scheduledDoses + 1 };
        cycles[cycles.length - 1] = updated;
        open.info = updated;
      }
      positions.push({ cycleNumber: open.info.cycleNumber, cycleDay, cycleStartedAt: open.info.startedAt, ...(extra && { extra }) });
      return;
    }
    // A late start stays in its slot, unless it falls within the grace days of a later slot (a cycle skipped).
    const skipped = Math.max(0, Math.floor((fromNextDue + graceDays) / length));
    const number = open.info.cycleNumber + 1 + skipped;
    const extra = startCycle(givenAt, index, date, number, addCalendarDays(nextDue, skipped * length), addDays(open.info.anchorTime, (1 + skipped) * length));
    positions.push({ cycleNumber: number, cycleDay: 1, cycleStartedAt: givenAt, ...(extra && { extra }) });
  });
  return { positions, cycles };
}
