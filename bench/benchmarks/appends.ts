import type { BenchOptions } from '../options';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { freshStore, warmPool } from '../support/database';
import { interleaved } from '../support/interleaved';
import { BASELINE_DRIFT_LIMIT, machineLoad, MAX_RUNS } from '../support/machine-load';
import { type LoadResult, runFor } from '../support/measure';
import { createPlainTable, openEmmett, plainInsert } from '../support/peers';
import { Progress, step } from '../support/progress';
import { row, type ResultRow } from '../support/report';
import { labResultEvent, plainRow } from '../support/synthetic-events';
import { TEST_DATABASE_URL } from '@poems/testing';
import { Pool } from 'pg';

const WRITERS = [1, 8];
const POOL_SIZE = 10;
const REPS = 3;

type Measured = LoadResult & { cpu: unknown };

/**
 * Rows 1 and 2: appends through our event-store port, through Emmett's PostgreSQL store, and as
 * BEGIN / INSERT / COMMIT into the plain table a user would write, same events (~330 bytes), same
 * concurrency, each writer on its own stream, each side with its own pool of 10. Three reps of
 * each, interleaved in a rotating order; figures are medians. A case whose baseline reps spread by
 * more than 20% is run again (at most three times).
 */
export async function appendsBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const { db, store } = await freshStore(cleanup, 'appends', POOL_SIZE);
    const plainPool = new Pool({ connectionString: TEST_DATABASE_URL, max: POOL_SIZE });
    plainPool.on('error', () => undefined);
    cleanup.add('close the plain-table pool', () => plainPool.end());
    const plain = await createPlainTable(plainPool, db.schema);
    const emmett = await openEmmett(cleanup, db.schema, POOL_SIZE);
    await Promise.all([db.pool, plainPool, emmett.pool].map((pool) => warmPool(pool, Math.max(...WRITERS))));
    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = { secondsPerRep: options.seconds, reps: REPS, poolSize: POOL_SIZE, schema: db.schema };
    let n = 0;
    let rep = 0;

    for (const batch of [1, 100]) {
      for (const writers of WRITERS) {
        const label = `${batch === 1 ? 'single' : `${batch}-event`} appends, ${writers} writer${writers > 1 ? 's' : ''}`;
        const timed = async (side: string, op: (loop: number, call: number, run: number) => Promise<void>): Promise<Measured> => {
          const run = rep++;
          const meter = await cpuMeter();
          const result = await runFor({ seconds: options.seconds, concurrency: writers, progress: new Progress(`${label}: ${side}`), unit: 'events' }, async (loop, call) => {
            await op(loop, call, run);
            return batch;
          });
          return { ...result, cpu: await meter() };
        };
        const sides = [
          { name: 'plain', run: () => timed('plain table', (loop, call, run) => plainInsert(plainPool, plain, Array.from({ length: batch }, (_, i) => plainRow(`plain-${run}-${loop}`, call * batch + i, n++)))) },
          {
            name: 'ours',
            run: () =>
              timed('our store', async (loop, call, run) => {
                const events = Array.from({ length: batch }, () => labResultEvent(n++));
                await store.appendToStream(`ours-${run}-${loop}`, events, { expectedRevision: call === 0 ? 'no_stream' : call * batch - 1 });
              }),
          },
          {
            name: 'emmett',
            run: () =>
              timed('Emmett', async (loop, call, run) => {
                const events = Array.from({ length: batch }, () => {
                  const event = labResultEvent(n++);
                  return { type: event.type, data: event.data as Record<string, unknown>, metadata: event.metadata as Record<string, unknown> };
                });
                await emmett.store.appendToStream(`emmett-${run}-${loop}`, events, { expectedStreamVersion: BigInt(call * batch) });
              }),
          },
        ];
        const runs = [];
        let measured;
        do {
          const load = machineLoad();
          measured = await interleaved(sides, REPS, (r) => r.perSecond, 'plain');
          runs.push({ load, baselineSpread: Number(measured.baselineSpread.toFixed(3)), perSecond: measured.reps.map((r) => ({ side: r.side, load1: r.load.load1, perSecond: Math.round(r.result.perSecond) })) });
          if (measured.baselineSpread > BASELINE_DRIFT_LIMIT && runs.length < MAX_RUNS) step(`  ${label}: the plain table's reps spread by ${(measured.baselineSpread * 100).toFixed(0)}%: running the case again`);
        } while (measured.baselineSpread > BASELINE_DRIFT_LIMIT && runs.length < MAX_RUNS);
        const load1 = runs[runs.length - 1]!.load.load1;
        rows.push(...figures(batch, writers, measured.medians, measured.representative as Record<string, Measured>, load1));
        details[label] = { runs, medians: measured.medians, cpu: Object.fromEntries(Object.entries(measured.representative).map(([side, r]) => [side, (r as Measured).cpu])) };
      }
    }
    return { rows, details };
  });
}

function figures(batch: number, writers: number, medians: Record<string, number>, reps: Record<string, Measured>, load1: number): ResultRow[] {
  const title = batch === 1 ? '1. single-event appends (port)' : `2. batched appends, ${batch} events/append`;
  const kase = `${writers} writer${writers > 1 ? 's' : ''}`;
  const rawLabel = batch === 1 ? 'plain table, BEGIN/INSERT/COMMIT' : `plain table, BEGIN/${batch}-row INSERT/COMMIT`;
  const peer = (value: number) => ({ label: 'Emmett 0.42', value });
  const result = [row(title, kase, 'events/s', medians['ours']!, { label: rawLabel, value: medians['plain']! }, 'higher', { peer: peer(medians['emmett']!), load1 })];
  if (batch === 1) {
    for (const p of [50, 99]) {
      const at = (side: string) => reps[side]!.latencies.percentile(p);
      result.push(row(title, kase, `p${p} ms`, at('ours'), { label: rawLabel, value: at('plain') }, 'lower', { peer: peer(at('emmett')), load1 }));
    }
  }
  return result;
}
