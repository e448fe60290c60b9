import { PostgresEventStore, type StoredEvent } from '@poems/event-store';
import { TEST_DATABASE_URL } from '@poems/testing';
import { Pool } from 'pg';
import type { BenchOptions } from '../options';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { freshStore, warmPool } from '../support/database';
import { Latencies, runFor, sleep } from '../support/measure';
import { Progress } from '../support/progress';
import { row, type ResultRow } from '../support/report';
import { labResultEvent } from '../support/synthetic-events';

const WRITERS = 8;

/**
 * Row 8: a catch-up subscription (its own store instance and pool, as the worker has) following
 * 8 writers appending single events as fast as they can. Lag in events: events the writers had
 * seen committed but the subscriber had not yet received, at each delivery. Lag in ms: from the
 * moment a writer's append returned to the moment the subscriber received that event.
 */
export async function subscriptionLagBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const { db, store } = await freshStore(cleanup, 'lag', WRITERS + 1);
    const consumerPool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    consumerPool.on('error', () => undefined);
    cleanup.add('close the subscriber pool', () => consumerPool.end());
    const consumer = await PostgresEventStore.create({ pool: consumerPool, schema: db.schema });
    cleanup.add('close the subscriber store', () => consumer.close());
    await warmPool(db.pool, WRITERS);

    const acked = new Map<number, number>();
    let highestAcked = 0;
    let delivered = 0;
    let lastDelivered = 0;
    let outOfOrder = 0;
    let maxLagEvents = 0;
    let deliveredBeforeAck = 0;
    const lagMs = new Latencies();
    const onEvents = async (events: StoredEvent[]) => {
      const now = performance.now();
      for (const event of events) {
        if (event.globalPosition !== lastDelivered + 1) outOfOrder += 1;
        lastDelivered = event.globalPosition;
        const ack = acked.get(event.globalPosition);
        if (ack === undefined) deliveredBeforeAck += 1;
        else lagMs.add(now - ack);
        acked.delete(event.globalPosition);
      }
      delivered += events.length;
      maxLagEvents = Math.max(maxLagEvents, highestAcked - lastDelivered);
    };
    const subscription = consumer.subscribeToAll({ after: 0, onEvents });
    cleanup.add('stop the subscription', () => subscription.stop());

    let n = 0;
    const meter = await cpuMeter();
    const load = await runFor({ seconds: options.seconds * 2, concurrency: WRITERS, progress: new Progress('8 writers, subscriber following'), unit: 'events' }, async (loop, call) => {
      const { positions } = await store.appendToStream(`lag-${loop}`, [labResultEvent(n++)], { expectedRevision: call === 0 ? 'no_stream' : call - 1 });
      const position = positions[0]!;
      acked.set(position, performance.now());
      highestAcked = Math.max(highestAcked, position);
      return 1;
    });
    const cpu = await meter();
    const head = await store.headPosition();
    for (let waited = 0; lastDelivered < head && waited < 20_000; waited += 20) await sleep(20);
    await subscription.stop();

    const title = '8. catch-up subscription lag, 8 writers';
    const kase = `${Math.round(load.perSecond).toLocaleString('en-US')} events/s written`;
    const none = { label: '—', value: null };
    return {
      rows: [
        row(title, kase, 'max lag events', maxLagEvents, none, 'lower'),
        row(title, kase, 'p99 lag ms', lagMs.percentile(99), none, 'lower'),
        row(title, kase, 'max lag ms', lagMs.max(), none, 'lower'),
      ],
      details: {
        written: load.units,
        cpu,
        writeSeconds: Number(load.seconds.toFixed(2)),
        delivered,
        caughtUp: lastDelivered >= head,
        outOfOrder,
        deliveredBeforeTheWriterSawItsCommit: deliveredBeforeAck,
        lagMs: { p50: lagMs.percentile(50), p99: lagMs.percentile(99), max: lagMs.max() },
        maxLagEvents,
      },
    };
  });
}
