import { TEST_REDIS_URL } from '@poems/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { withCleanup } from '../support/cleanup';
import { atRate, Latencies, sleep } from '../support/measure';
import { Progress } from '../support/progress';
import { freshQueuePrefix } from '../support/queues';

/**
 * The floor under any alert latency here: a BullMQ job added (as the alert trigger adds its
 * evaluation jobs) until a worker starts it, at the same rate, with no-op jobs.
 */
export async function bullmqLatency(perSecond: number, seconds: number): Promise<Latencies> {
  return withCleanup(async (cleanup) => {
    const prefix = freshQueuePrefix(cleanup, 'bullmq');
    const producer = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const consumer = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    cleanup.add('disconnect from Redis', () => {
      producer.disconnect();
      consumer.disconnect();
    });
    const queue = new Queue('bench-latency', { connection: producer, prefix });
    cleanup.add('close the queue', () => queue.close());
    const latencies = new Latencies();
    const worker = new Worker<{ addedAt: number }>(
      'bench-latency',
      async (job) => {
        latencies.add(performance.timeOrigin + performance.now() - job.data.addedAt);
      },
      { connection: consumer, prefix, concurrency: 4 },
    );
    cleanup.add('close the worker', () => worker.close());
    await worker.waitUntilReady();
    const progress = new Progress('BullMQ add → worker start', perSecond * seconds);
    const adds: Promise<unknown>[] = [];
    const total = await atRate(perSecond, seconds, (n) => {
      adds.push(queue.add('nudge', { addedAt: performance.timeOrigin + performance.now() }, { jobId: `job-${n}`, removeOnComplete: true, removeOnFail: true }));
      progress.update(latencies.count, 'jobs');
    });
    await Promise.all(adds);
    for (let waited = 0; latencies.count < total && waited < 10_000; waited += 20) await sleep(20);
    progress.done(`${latencies.count} jobs, p50 ${latencies.percentile(50).toFixed(2)} ms, p99 ${latencies.percentile(99).toFixed(2)} ms`);
    return latencies;
  });
}
