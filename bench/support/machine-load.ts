import { readFileSync } from 'node:fs';

/** The machine's load averages (1, 5, 15 min) and runnable/total tasks, from /proc/loadavg. */
export interface MachineLoad {
  load1: number;
  load5: number;
  load15: number;
  runnable: string;
  at: string;
}

export function machineLoad(): MachineLoad {
  try {
    const [load1, load5, load15, runnable] = readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/);
    return { load1: Number(load1), load5: Number(load5), load15: Number(load15), runnable: runnable ?? '', at: new Date().toISOString() };
  } catch {
    return { load1: NaN, load5: NaN, load15: NaN, runnable: '', at: new Date().toISOString() };
  }
}

/** How far a set of measurements of the same baseline spread, relative to their median (0.2 = 20%). */
export function spread(values: number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return 0;
  const mid = median(finite);
  return mid === 0 ? 0 : (Math.max(...finite) - Math.min(...finite)) / mid;
}

export function median(values: number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A baseline that moved by more than this during a benchmark makes the benchmark run again. */
export const BASELINE_DRIFT_LIMIT = 0.2;
/** Runs of one benchmark at most (the first and two reruns). */
export const MAX_RUNS = 3;
