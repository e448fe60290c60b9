import type { Progress } from './progress';

/** Latencies in milliseconds, summarised by nearest rank. */
export class Latencies {
  private readonly samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  }

  max(): number {
    return this.samples.reduce((a, b) => Math.max(a, b), this.samples.length ? -Infinity : NaN);
  }
}

export interface LoadResult {
  /** Units of work done (events, rows, requests) while the clock ran. */
  units: number;
  seconds: number;
  latencies: Latencies;
  perSecond: number;
}

/**
 * Runs `op` in `concurrency` loops for `seconds`; each call returns the units it did. Latency is
 * per call. The clock stops when the last call in flight returns, so no work is left uncounted.
 */
export async function runFor(
  options: { seconds: number; concurrency: number; progress?: Progress; unit?: string },
  op: (loop: number, call: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies = new Latencies();
  let units = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loops = Array.from({ length: options.concurrency }, async (_, loop) => {
    for (let call = 0; performance.now() < deadline; call++) {
      const t0 = performance.now();
      const done = await op(loop, call);
      // Not `units += await …`: that reads `units` before the await and loses the other loops' work.
      units += done;
      latencies.add(performance.now() - t0);
      options.progress?.update(units, options.unit);
    }
  });
  await Promise.all(loops);
  const seconds = (performance.now() - started) / 1000;
  return { units, seconds, latencies, perSecond: units / seconds };
}

/** Runs `op` `count` times one after another (a latency probe with no concurrency). */
export async function sequentially(count: number, op: (i: number) => Promise<void>, progress?: Progress): Promise<Latencies> {
  const latencies = new Latencies();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await op(i);
    latencies.add(performance.now() - t0);
    progress?.update(i + 1, 'requests');
  }
  return latencies;
}

/** Calls `tick(n)` at `perSecond` on a fixed schedule (catching up if late), for `seconds`. */
export async function atRate(perSecond: number, seconds: number, tick: (n: number) => void): Promise<number> {
  const started = performance.now();
  const total = Math.round(perSecond * seconds);
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    tick(n);
  }
  return total;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
