import { type MachineLoad, machineLoad, median, spread } from './machine-load';

export interface Side<R> {
  name: string;
  run: () => Promise<R>;
}

export interface Interleaved<R> {
  /** Every rep of every side, in the order they ran. */
  reps: { side: string; rep: number; result: R; load: MachineLoad }[];
  /** The median of `metric` over the reps of each side. */
  medians: Record<string, number>;
  /** The rep whose metric is the median, per side (for its latencies and CPU). */
  representative: Record<string, R>;
  /** How far the baseline's reps spread (0.2 = 20%). */
  baselineSpread: number;
}

/**
 * Runs every side `reps` times, interleaved and in a rotating order (raw, ours, peer; ours, peer,
 * raw; …) so that a change in the machine's load falls on every side alike, and reports medians.
 */
export async function interleaved<R>(sides: Side<R>[], reps: number, metric: (result: R) => number, baseline: string): Promise<Interleaved<R>> {
  const done: Interleaved<R>['reps'] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(rep + k) % sides.length]!;
      const load = machineLoad();
      done.push({ side: side.name, rep, result: await side.run(), load });
    }
  }
  const medians: Record<string, number> = {};
  const representative: Record<string, R> = {};
  for (const side of sides) {
    const mine = done.filter((d) => d.side === side.name);
    const values = mine.map((d) => metric(d.result));
    medians[side.name] = median(values);
    const sorted = [...mine].sort((a, b) => metric(a.result) - metric(b.result));
    representative[side.name] = sorted[Math.floor((sorted.length - 1) / 2)]!.result;
  }
  return { reps: done, medians, representative, baselineSpread: spread(done.filter((d) => d.side === baseline).map((d) => metric(d.result))) };
}
