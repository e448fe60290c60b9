/**
 * Chart data from API answers: pure functions (unit-tested), so the canvas code only draws.
 * uPlot wants one shared x array per chart with a value (or null) per series at each x.
 */
export type Table = { x: number[]; y: Array<number | null> };
export type Aligned = [number[], ...Array<Array<number | null>>];

/** Merges series sampled at different times onto one sorted x axis (null where a series has no sample). */
export function align(tables: ReadonlyArray<Table>): Aligned {
  const xs = [...new Set(tables.flatMap((t) => t.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = tables.map((table) => {
    const column: Array<number | null> = new Array(xs.length).fill(null);
    table.x.forEach((x, i) => (column[index.get(x)!] = table.y[i] ?? null));
    return column;
  });
  return [xs, ...columns];
}

/** Quartiles by linear interpolation between closest ranks (as the API's research view: R type 7). */
export function quantile(sorted: ReadonlyArray<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export interface CohortSeries {
  pseudoId: string;
  points: ReadonlyArray<{ daysSinceStart: number; vegfPgMl: number; upperLimitPgMl: number | null }>;
}
export interface MonthSummary {
  month: number;
  n: number;
  median: number;
  q1: number;
  q3: number;
}

/** Average days in a month, as the research view counts months (days / 30.4375). */
export const DAYS_PER_MONTH = 30.4375;

/**
 * One arm's figure: a line per pseudonymous patient (months since treatment start, fractional),
 * then the median and quartiles per month (from the API), then the upper limit of normal.
 * Columns: [x, patient 1…n, q1, median, q3, upper limit].
 */
export function cohortFigureData(patients: ReadonlyArray<CohortSeries>, months: ReadonlyArray<MonthSummary>): { data: Aligned; upperLimit: number | null; patientIds: string[] } {
  const lines: Table[] = patients.map((p) => ({ x: p.points.map((pt) => round(pt.daysSinceStart / DAYS_PER_MONTH)), y: p.points.map((pt) => pt.vegfPgMl) }));
  const mid = (m: MonthSummary) => m.month + 0.5;
  const bands: Table[] = [
    { x: months.map(mid), y: months.map((m) => m.q1) },
    { x: months.map(mid), y: months.map((m) => m.median) },
    { x: months.map(mid), y: months.map((m) => m.q3) },
  ];
  const limits = patients.flatMap((p) => p.points.map((pt) => pt.upperLimitPgMl)).filter((v): v is number => v !== null);
  const upperLimit = limits.length ? mostCommon(limits) : null;
  const aligned = align([...lines, ...bands]);
  const limitColumn = aligned[0].map(() => upperLimit);
  return { data: [...aligned, limitColumn] as Aligned, upperLimit, patientIds: patients.map((p) => p.pseudoId) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}
