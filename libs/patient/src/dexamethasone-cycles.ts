import { assertNever, daysBetween, type IsoTime } from '@poems/kernel';
import type { DexamethasoneSchedule } from '@poems/protocol';

export interface CyclePosition {
  readonly cycleNumber: number;
  /** 1-based day of the cycle, counted from its first dose. */
  readonly cycleDay: number;
  readonly cycleStartedAt: IsoTime;
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

/**
 * Day of the cycle, rounding to the nearest whole day so that a dose given a few hours earlier or
 * later than the day before still counts as the next day (times are UTC; the local clock is unknown).
 */
export function cycleDayOf(cycleStartedAt: IsoTime, givenAt: IsoTime): number {
  return Math.floor(daysBetween(cycleStartedAt, givenAt) + 0.5) + 1;
}

/**
 * Assigns doses (sorted by clinical time) to cycles: a dose that falls after the last scheduled
 * day of the current cycle starts the next one. Cycles are anchored on actual first doses, so a
 * late cycle shifts the next ones rather than being counted as missed here.
 */
export function assignCycles(sortedGivenAt: ReadonlyArray<IsoTime>, schedule: DexamethasoneSchedule): CyclePosition[] {
  const length = scheduleLengthDays(schedule);
  const positions: CyclePosition[] = [];
  for (const givenAt of sortedGivenAt) {
    const current = positions[positions.length - 1];
    const day = current ? cycleDayOf(current.cycleStartedAt, givenAt) : 1;
    positions.push(
      current && day <= length
        ? { cycleNumber: current.cycleNumber, cycleDay: day, cycleStartedAt: current.cycleStartedAt }
        : { cycleNumber: (current?.cycleNumber ?? 0) + 1, cycleDay: 1, cycleStartedAt: givenAt },
    );
  }
  return positions;
}
