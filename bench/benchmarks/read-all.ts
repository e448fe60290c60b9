import { TEST_DATABASE_URL } from '@poems/testing';
import { Pool } from 'pg';
import type { BenchOptions } from '../options';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { freshStore, warmPool } from '../support/database';
import { interleaved } from '../support/interleaved';
import { BASELINE_DRIFT_LIMIT, machineLoad, MAX_RUNS } from '../support/machine-load';
import { createPlainTable, openEmmett, plainInsert } from '../support/peers';
import { Progress, step } from '../support/progress';
import { row, type ResultRow } from '../support/report';
import { labResultEvent, plainRow } from '../support/synthetic-events';

const POOL_SIZE = 10;
const BATCH = 1000;
const STREAM_EVENTS = 100;
const REPS = 3;

interface ReadRun {
  events: number;
  seconds: number;
  perSecond: number;
  cpu: unknown;
}

/**
 * Row 1b: the whole global order (N events, ~330 bytes each) read in order, 1,000 at a time, as a
 * subscriber catching up reads it: our `readAll` (which never skips a late commit), Emmett's
 * `readMessagesBatch` (below the snapshot's xmin), and a server-side cursor over the plain table
 * (`FETCH 1000`), same events, same pool size; three reps each, interleaved; medians.
 */
export async function readAllBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const { db, store } = await freshStore(cleanup, 'readall', POOL_SIZE);
    const plainPool = new Pool({ connectionString: TEST_DATABASE_URL, max: POOL_SIZE });
    plainPool.on('error', () => undefined);
    cleanup.add('close the plain-table pool', () => plainPool.end());
    const plain = await createPlainTable(plainPool, db.schema);
    const emmett = await openEmmett(cleanup, db.schema, POOL_SIZE);
    const total = Math.ceil(options.readEvents / STREAM_EVENTS) * STREAM_EVENTS;

    const progress = new Progress('loading the three stores', total * 3);
    let n = 0;
    let loaded = 0;
    async function* ours() {
      for (let s = 0; s < total / STREAM_EVENTS; s += 10) {
        yield Array.from({ length: 10 }, (_, k) => ({ streamId: `read-${String(s + k).padStart(6, '0')}`, events: Array.from({ length: STREAM_EVENTS }, () => labResultEvent(n++)), expectedRevision: 'no_stream' as const }));
        progress.update((loaded += 10 * STREAM_EVENTS));
      }
    }
    await store.appendBatches(ours());
    for (let s = 0; s < total / STREAM_EVENTS; s++) {
      const events = Array.from({ length: STREAM_EVENTS }, () => {
        const event = labResultEvent(n++);
        return { type: event.type, data: event.data as Record<string, unknown>, metadata: event.metadata as Record<string, unknown> };
      });
      await emmett.store.appendToStream(`read-${s}`, events);
      await plainInsert(plainPool, plain, Array.from({ length: STREAM_EVENTS }, (_, i) => plainRow(`read-${s}`, i, n++)));
      progress.update((loaded += 2 * STREAM_EVENTS));
    }
    progress.done(`${total.toLocaleString('en-US')} events in each`);
    step('  VACUUM ANALYZE (hint bits and statistics, as an established store has them)');
    await db.pool.query(`VACUUM ANALYZE ${db.schema}.events`);
    await plainPool.query(`VACUUM ANALYZE ${plain}`);
    await emmett.pool.query('VACUUM ANALYZE emt_messages');
    await Promise.all([db.pool, plainPool, emmett.pool].map((pool) => warmPool(pool, 2)));

    const timed = async (label: string, read: () => Promise<number>): Promise<ReadRun> => {
      const meter = await cpuMeter();
      const t0 = performance.now();
      const events = await read();
      const seconds = (performance.now() - t0) / 1000;
      const run = { events, seconds: Number(seconds.toFixed(2)), perSecond: events / seconds, cpu: await meter() };
      step(`  ${label}: ${events.toLocaleString('en-US')} events, ${Math.round(run.perSecond).toLocaleString('en-US')}/s`);
      return run;
    };
    const sides = [
      {
        name: 'plain',
        run: () =>
          timed('plain table, cursor', async () => {
            const client = await plainPool.connect();
            let rows = 0;
            try {
              await client.query('BEGIN');
              await client.query(`DECLARE plain_cursor NO SCROLL CURSOR FOR SELECT * FROM ${plain} ORDER BY position`);
              for (;;) {
                const fetched = await client.query(`FETCH ${BATCH} FROM plain_cursor`);
                if (!fetched.rowCount) break;
                rows += fetched.rowCount;
              }
              await client.query('COMMIT');
            } finally {
              client.release();
            }
            return rows;
          }),
      },
      {
        name: 'ours',
        run: () =>
          timed('our readAll', async () => {
            let events = 0;
            for (let after = 0; ; ) {
              const batch = await store.readAll({ after, limit: BATCH });
              if (batch.length === 0) return events;
              events += batch.length;
              after = batch[batch.length - 1]!.globalPosition;
            }
          }),
      },
      {
        name: 'emmett',
        run: () =>
          timed('Emmett readMessagesBatch', async () => {
            let events = 0;
            for (let after = 0n; ; ) {
              const batch = await emmett.readBatch(after, BATCH);
              if (batch.count === 0) return events;
              events += batch.count;
              after = batch.last;
            }
          }),
      },
    ];
    const runs = [];
    let measured;
    do {
      const load = machineLoad();
      measured = await interleaved(sides, REPS, (r) => r.perSecond, 'plain');
      runs.push({ load, baselineSpread: Number(measured.baselineSpread.toFixed(3)), perSecond: measured.reps.map((r) => ({ side: r.side, load1: r.load.load1, perSecond: Math.round(r.result.perSecond) })) });
      if (measured.baselineSpread > BASELINE_DRIFT_LIMIT && runs.length < MAX_RUNS) step(`  the cursor reads spread by ${(measured.baselineSpread * 100).toFixed(0)}%: running again`);
    } while (measured.baselineSpread > BASELINE_DRIFT_LIMIT && runs.length < MAX_RUNS);
    const m = measured.medians;
    return {
      rows: [
        row('1b. read all in order (1,000 per read)', `${total.toLocaleString('en-US')} events`, 'events/s', m['ours']!, { label: 'plain table, cursor FETCH 1000', value: m['plain']! }, 'higher', {
          peer: { label: 'Emmett 0.42', value: m['emmett']! },
          load1: runs[runs.length - 1]!.load.load1,
        }),
      ],
      details: { events: total, runs, medians: m, cpu: Object.fromEntries(Object.entries(measured.representative).map(([side, r]) => [side, (r as ReadRun).cpu])) },
    };
  });
}
