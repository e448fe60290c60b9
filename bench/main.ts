import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cpus } from 'node:os';
import { TEST_DATABASE_URL } from '@poems/testing';
import { Pool } from 'pg';
import { alertLatencyBenchmark } from './benchmarks/alert-latency';
import { appendsBenchmark } from './benchmarks/appends';
import { httpCommandsBenchmark } from './benchmarks/http-commands';
import { importBenchmark } from './benchmarks/import';
import { readAllBenchmark } from './benchmarks/read-all';
import { rebuildBenchmark } from './benchmarks/rebuild';
import { subscriptionLagBenchmark } from './benchmarks/subscription-lag';
import { timelineQueryBenchmark } from './benchmarks/timeline-query';
import { type BenchOptions, parseOptions, UsageError } from './options';
import { cleanUpOnSignals } from './support/cleanup';
import { durabilitySettings, serverVersion } from './support/database';
import { BASELINE_DRIFT_LIMIT, machineLoad, MAX_RUNS } from './support/machine-load';
import { step } from './support/progress';
import { redisVersion } from './support/queues';
import { type BenchmarkResult, cpuModel, type Machine, machineLine, type ResultRow, table, totalRamGb } from './support/report';

type Benchmark = (options: BenchOptions) => Promise<{ rows: ResultRow[]; details: Record<string, unknown> }>;

/** In the order; `--only` takes these ids. */
const BENCHMARKS: { id: string; title: string; run: Benchmark }[] = [
  { id: 'appends', title: '1-2. single and batched appends', run: appendsBenchmark },
  { id: 'readall', title: '1b. read all in order', run: readAllBenchmark },
  { id: 'import', title: '3. /v1/import', run: importBenchmark },
  { id: 'http', title: '4. commands over HTTP', run: httpCommandsBenchmark },
  { id: 'rebuild', title: '5. projection rebuild', run: rebuildBenchmark },
  { id: 'alerts', title: '6. alert latency', run: alertLatencyBenchmark },
  { id: 'timeline', title: '7. timeline query', run: timelineQueryBenchmark },
  { id: 'lag', title: '8. subscription lag', run: subscriptionLagBenchmark },
];

async function machine(): Promise<Machine> {
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  try {
    return {
      cpu: cpuModel(),
      cores: cpus().length,
      ramGb: totalRamGb(),
      node: process.versions.node,
      postgres: await serverVersion(pool),
      redis: await redisVersion(),
      postgresSettings: await durabilitySettings(pool),
    };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  cleanUpOnSignals();
  const selected = BENCHMARKS.filter((b) => options.only.length === 0 || options.only.includes(b.id));
  if (selected.length === 0) throw new UsageError(`--only takes: ${BENCHMARKS.map((b) => b.id).join(', ')}`);
  const host = await machine();
  step(`bench: ${machineLine(host)}`);
  const started = Date.now();
  const results: BenchmarkResult[] = [];
  for (const benchmark of selected) {
    step(`\n== ${benchmark.title}`);
    const t0 = Date.now();
    const attempts: { load: ReturnType<typeof machineLoad>; baselineDrift: number | null }[] = [];
    try {
      let outcome: { rows: ResultRow[]; details: Record<string, unknown> };
      for (;;) {
        const load = machineLoad();
        step(`  machine load ${load.load1} / ${load.load5} / ${load.load15} (1 / 5 / 15 min)`);
        outcome = await benchmark.run(options);
        const drift = typeof outcome.details['baselineDrift'] === 'number' ? (outcome.details['baselineDrift'] as number) : null;
        attempts.push({ load, baselineDrift: drift });
        for (const r of outcome.rows) r.load1 ??= load.load1;
        if (drift === null || drift <= BASELINE_DRIFT_LIMIT || attempts.length >= MAX_RUNS) break;
        step(`  the baseline moved by ${(drift * 100).toFixed(0)}% during the benchmark: running it again`);
      }
      results.push({ id: benchmark.id, title: benchmark.title, rows: outcome.rows, details: { ...outcome.details, attempts }, seconds: (Date.now() - t0) / 1000 });
    } catch (error) {
      step(`  ${benchmark.title} crashed: ${(error as Error).stack ?? error}`);
      results.push({ id: benchmark.id, title: benchmark.title, rows: [], details: { attempts }, seconds: (Date.now() - t0) / 1000, error: (error as Error).message });
    }
    step(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const seconds = (Date.now() - started) / 1000;
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ finishedAt: new Date().toISOString(), seconds, machine: host, options, results }, null, 2)}\n`);
  process.stdout.write(`\n${table(results)}\n\nMachine: ${machineLine(host)}\nTotal ${seconds.toFixed(0)} s; results in ${out}\n`);
  return results.some((result) => result.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
