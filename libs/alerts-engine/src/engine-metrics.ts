import type { Job } from 'bullmq';
import type { Pool } from 'pg';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { type AlertQueues, queueCounts } from './queues';

const JOB_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** `poems_queue_jobs{queue,state}`: each queue's job counts at the scrape (absent while Redis does not answer). */
export function registerQueueDepths(registry: Registry, queues: AlertQueues): void {
  new Gauge({
    name: 'poems_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, failed, completed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const counts of await queueCounts(queues)) {
        if ('error' in counts) continue;
        for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed'] as const) this.set({ queue: counts.queue, state }, counts[state]);
      }
    },
  });
}

/**
 * Job latency: `poems_job_wait_seconds{queue}` (due → started: queueing, not a deadline's delay)
 * and `poems_job_duration_seconds{queue,outcome}` (started → finished). Returns the listener the
 * engine calls for each finished job.
 */
export function jobMetrics(registry: Registry): (queue: string, job: Job | undefined, outcome: 'completed' | 'failed') => void {
  const wait = new Histogram({ name: 'poems_job_wait_seconds', help: 'From when a job was due to when a worker started it', labelNames: ['queue'], buckets: JOB_BUCKETS, registers: [registry] });
  const duration = new Histogram({ name: 'poems_job_duration_seconds', help: 'From when a worker started a job to when it finished', labelNames: ['queue', 'outcome'], buckets: JOB_BUCKETS, registers: [registry] });
  return (queue, job, outcome) => {
    if (!job?.processedOn) return;
    const due = job.timestamp + (job.opts.delay ?? 0);
    wait.observe({ queue }, Math.max(0, job.processedOn - due) / 1000);
    if (job.finishedOn) duration.observe({ queue, outcome }, Math.max(0, job.finishedOn - job.processedOn) / 1000);
  };
}

/**
 * From PostgreSQL at each scrape, so that every worker (and a restarted one) reports the same
 * totals: `poems_alerts{rule,state}` (raised, acknowledged, overridden: counts of alerts ever in
 * that state) and `poems_webhook_deliveries{status}` / `poems_webhook_delivery_attempts{result}`.
 */
export function registerAlertOutcomes(registry: Registry, pool: Pool, schema: string): void {
  new Gauge({
    name: 'poems_alerts',
    help: 'Alerts per rule: raised (all), acknowledged (accepted or overridden), overridden',
    labelNames: ['rule', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await pool
        .query<{ rule: string; raised: number; acknowledged: number; overridden: number }>(
          `SELECT rule, count(*)::int AS raised, count(acknowledged_at)::int AS acknowledged,
                  count(*) FILTER (WHERE outcome = 'overridden')::int AS overridden
           FROM ${schema}.alert_inbox GROUP BY rule`,
        )
        .catch(() => ({ rows: [] }));
      for (const row of rows) for (const state of ['raised', 'acknowledged', 'overridden'] as const) this.set({ rule: row.rule, state }, row[state]);
    },
  });
  new Gauge({
    name: 'poems_webhook_deliveries',
    help: 'Webhook deliveries by status (pending, delivered, failed)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM ${schema}.webhook_deliveries GROUP BY status`).catch(() => ({ rows: [] }));
      for (const row of rows) this.set({ status: row.status }, row.n);
    },
  });
  new Gauge({
    name: 'poems_webhook_delivery_attempts',
    help: 'Webhook delivery attempts by result: 2xx, 3xx, 4xx, 5xx, or error (timeout, refused address, connection)',
    labelNames: ['result'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await pool
        .query<{ result: string; n: number }>(
          `SELECT CASE WHEN status_code IS NULL THEN 'error' ELSE (status_code / 100)::text || 'xx' END AS result, count(*)::int AS n
           FROM ${schema}.webhook_delivery_attempts GROUP BY 1`,
        )
        .catch(() => ({ rows: [] }));
      for (const row of rows) this.set({ result: row.result }, row.n);
    },
  });
}
