import type { BenchOptions } from '../options';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { createRawEventsTable, freshStore, rawInsert, warmPool } from '../support/database';
import { type LoadResult, runFor } from '../support/measure';
import { Progress } from '../support/progress';
import { row, type ResultRow } from '../support/report';
import { labResultEvent, rawRow } from '../support/synthetic-events';

const WRITERS = [1, 8];

/**
 * Rows 1 and 2: appends through the event-store port (lock the stream head, hash-chain, insert,
 * move the head, in one transaction) against the same rows INSERTed raw into a copy of the table,
 * at the same concurrency, each writer on its own stream.
 */
export async function appendsBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const { db, store } = await freshStore(cleanup, 'appends', Math.max(...WRITERS) + 2);
    const raw = await createRawEventsTable(db.pool, db.schema);
    await warmPool(db.pool, Math.max(...WRITERS));
    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = { secondsPerCase: options.seconds, schema: db.schema };
    let n = 0;

    for (const batch of [1, 100]) {
      for (const writers of WRITERS) {
        const label = `${batch === 1 ? 'single' : `${batch}-event`} appends, ${writers} writer${writers > 1 ? 's' : ''}`;
        let meter = await cpuMeter();
        const baseline = await runFor({ seconds: options.seconds, concurrency: writers, progress: new Progress(`${label}: raw INSERT`), unit: 'events' }, async (loop, call) => {
          const stream = `raw-${batch}-${writers}-${loop}`;
          await rawInsert(db.pool, raw, Array.from({ length: batch }, (_, i) => rawRow(stream, call * batch + i, n++)));
          return batch;
        });
        const baselineCpu = await meter();
        meter = await cpuMeter();
        const port = await runFor({ seconds: options.seconds, concurrency: writers, progress: new Progress(`${label}: port`), unit: 'events' }, async (loop, call) => {
          const events = Array.from({ length: batch }, () => labResultEvent(n++));
          await store.appendToStream(`bench-${batch}-${writers}-${loop}`, events, { expectedRevision: call === 0 ? 'no_stream' : call * batch - 1 });
          return batch;
        });
        const portCpu = await meter();
        rows.push(...figures(batch, writers, port, baseline));
        details[label] = { port: { ...summary(port), cpu: portCpu }, rawInsert: { ...summary(baseline), cpu: baselineCpu } };
      }
    }
    return { rows, details };
  });
}

function figures(batch: number, writers: number, port: LoadResult, baseline: LoadResult): ResultRow[] {
  const title = batch === 1 ? '1. single-event appends (port)' : `2. batched appends, ${batch} events/append`;
  const kase = `${writers} writer${writers > 1 ? 's' : ''}`;
  const rawLabel = batch === 1 ? 'raw 1-row INSERT' : `raw ${batch}-row INSERT/tx`;
  const result = [row(title, kase, 'events/s', port.perSecond, { label: rawLabel, value: baseline.perSecond })];
  if (batch === 1) {
    for (const p of [50, 99]) {
      result.push(row(title, kase, `p${p} ms`, port.latencies.percentile(p), { label: rawLabel, value: baseline.latencies.percentile(p) }, 'lower'));
    }
  }
  return result;
}

function summary(load: LoadResult) {
  return {
    units: load.units,
    seconds: Number(load.seconds.toFixed(2)),
    perSecond: Math.round(load.perSecond),
    p50Ms: Number(load.latencies.percentile(50).toFixed(2)),
    p99Ms: Number(load.latencies.percentile(99).toFixed(2)),
  };
}
