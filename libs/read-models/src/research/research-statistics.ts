/**
 * Quantiles by linear interpolation between the closest ranks, exactly as PostgreSQL's
 * percentile_cont (and R's type 7, numpy's default): sort the n values, take position
 * p × (n − 1) counted from 0, and interpolate between the values either side of it.
 * So the median of [1, 2, 3, 4] is 2.5, its Q1 is 1.75 and its Q3 is 3.25.
 */
export function percentileCont(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentileCont needs at least one value');
  if (!(p >= 0 && p <= 1)) throw new Error(`percentileCont: p must be within [0, 1], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (position - below);
}

export interface Quartiles {
  n: number;
  median: number;
  q1: number;
  q3: number;
}

export function quartiles(values: readonly number[]): Quartiles {
  return { n: values.length, median: percentileCont(values, 0.5), q1: percentileCont(values, 0.25), q3: percentileCont(values, 0.75) };
}
