import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One figure of the project next to the baseline measured in the same run. */
export interface ResultRow {
  benchmark: string;
  case: string;
  metric: string;
  value: number;
  baselineLabel: string;
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  better: 'higher' | 'lower';
  /** The peer event store (Emmett) on the same workload, where measured, and value / peer. */
  peer?: { label: string; value: number | null; ratio: number | null };
  /** The machine's 1-minute load average when this figure's measurement started. */
  load1?: number;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  rows: ResultRow[];
  /** Sizes actually used, and what else the reader needs to judge the figures. */
  details: Record<string, unknown>;
  seconds: number;
  error?: string;
}

export function row(
  benchmark: string,
  kase: string,
  metric: string,
  value: number,
  baseline: { label: string; value: number | null },
  better: 'higher' | 'lower' = 'higher',
  extra: { peer?: { label: string; value: number | null }; load1?: number } = {},
): ResultRow {
  const ratioOf = (of: number | null) => (of && Number.isFinite(value) ? value / of : null);
  const peer = extra.peer ? { ...extra.peer, ratio: ratioOf(extra.peer.value) } : undefined;
  return { benchmark, case: kase, metric, value, baselineLabel: baseline.label, baseline: baseline.value, ratio: ratioOf(baseline.value), better, ...(peer && { peer }), ...(extra.load1 !== undefined && { load1: extra.load1 }) };
}

export function format(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function times(ratio: number | null, better: 'higher' | 'lower'): string {
  return ratio === null ? '—' : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×${better === 'lower' ? ' (lower is better)' : ''}`;
}

/** The table, as Markdown (it reads well in a terminal too). */
export function table(results: BenchmarkResult[]): string {
  const lines = [
    '| benchmark | case | metric | figure | baseline | baseline figure | ratio | Emmett 0.42 | vs Emmett | load (1 min) |',
    '|---|---|---|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    if (result.error) lines.push(`| ${result.title} | — | crashed: ${result.error.split('\n')[0]!.replaceAll('|', '/')} | — | — | — | — | — | — | — |`);
    for (const r of result.rows) {
      const peer = r.peer ? `| ${format(r.peer.value)} | ${times(r.peer.ratio, r.better)} ` : '| — | — ';
      lines.push(`| ${r.benchmark} | ${r.case} | ${r.metric} | ${format(r.value)} | ${r.baselineLabel} | ${format(r.baseline)} | ${times(r.ratio, r.better)} ${peer}| ${r.load1 === undefined ? '—' : r.load1.toFixed(2)} |`);
    }
  }
  return lines.join('\n');
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  postgres: string;
  redis: string;
  postgresSettings: Record<string, string>;
}

export function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

export function machineLine(machine: Machine): string {
  const settings = Object.entries(machine.postgresSettings).map(([name, value]) => `${name}=${value}`).join(', ');
  return `${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM; Node ${machine.node}; PostgreSQL ${machine.postgres} (${settings}); Redis ${machine.redis}`;
}

export const totalRamGb = () => Math.round(totalmem() / 1024 ** 3);
