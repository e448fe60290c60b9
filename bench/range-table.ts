import { readFileSync } from 'node:fs';
import { type BenchmarkResult, format, machineLine, type Machine, type ResultRow } from './support/report';

/**
 * The table of BENCHMARKS.md from one or more runs' results (`--out` files of `npm run bench`):
 * every figure as the range over the runs (never the best alone), beside the range of its same-run
 * baseline, of the ratio, of Emmett's figure and of the 1-minute load average when it was taken.
 *   node dist/bench/range-table.js bench/results/run-*.json
 */
interface Run {
  finishedAt: string;
  seconds: number;
  machine: Machine;
  results: BenchmarkResult[];
}

function range(values: (number | null | undefined)[], show: (value: number) => string = format): string {
  const finite = values.filter((value): value is number => value !== null && value !== undefined && Number.isFinite(value));
  if (finite.length === 0) return '—';
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  return show(low) === show(high) ? show(low) : `${show(low)} – ${show(high)}`;
}

const times = (value: number) => `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;

export function rangeTable(runs: Run[]): string {
  // A case that names a measured figure (the lag benchmark's achieved rate) is the same case in every run.
  const keyOf = (r: ResultRow) => `${r.benchmark}|${r.case.replace(/[\d,.]+(?= events\/s written)/, 'N')}|${r.metric}`;
  const order: string[] = [];
  const rows = new Map<string, ResultRow[]>();
  const crashes: string[] = [];
  for (const run of runs) {
    for (const result of run.results) {
      if (result.error) crashes.push(`${result.title} crashed in the run finished ${run.finishedAt}: ${result.error.split('\n')[0]}`);
      for (const r of result.rows) {
        if (!rows.has(keyOf(r))) {
          rows.set(keyOf(r), []);
          order.push(keyOf(r));
        }
        rows.get(keyOf(r))!.push(r);
      }
    }
  }
  const lines = [
    `| benchmark | case | metric | figure | baseline | baseline figure | ratio | Emmett 0.42 | vs Emmett | load (1 min) |`,
    '|---|---|---|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const key of order) {
    const list = rows.get(key)!;
    const first = list[0]!;
    const cases = [...new Set(list.map((r) => r.case))];
    const kase = cases.length === 1 ? first.case : cases.join(' / ');
    const lower = first.better === 'lower' ? ' (lower is better)' : '';
    lines.push(
      `| ${first.benchmark} | ${kase} | ${first.metric} | ${range(list.map((r) => r.value))} | ${first.baselineLabel} | ${range(list.map((r) => r.baseline))} | ${range(list.map((r) => r.ratio), times)}${lower} | ${range(
        list.map((r) => r.peer?.value),
      )} | ${first.peer ? `${range(list.map((r) => r.peer?.ratio), times)}${lower}` : '—'} | ${range(list.map((r) => r.load1), (v) => v.toFixed(2))} |`,
    );
  }
  const machines = [...new Set(runs.map((run) => machineLine(run.machine)))];
  return [
    lines.join('\n'),
    '',
    `${runs.length} run${runs.length > 1 ? 's' : ''} (${runs.map((run) => `${run.finishedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(run.seconds)} s`).join('; ')}), each figure the range over them.`,
    `Machine: ${machines.join(' / ')}.`,
    ...crashes.map((crash) => `- ${crash}`),
  ].join('\n');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: node dist/bench/range-table.js <results.json> [more.json …]\n');
    process.exit(2);
  }
  process.stdout.write(`${rangeTable(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Run))}\n`);
}
