import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import { createTestSchema, eventually, prometheusSample as sample, recordCommands, type TestSchema, thalidomideHistory } from '@poems/testing';
import { startWorker, workerEnv, type WorkerProcess } from './testing/worker-process';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the worker’s health and metrics listener', () => {
  let db: TestSchema;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    db = await createTestSchema('workerops', 4);
  });
  afterAll(async () => {
    await worker?.stop();
    await db.drop();
  });

  it('answers liveness, readiness, and metrics Prometheus can scrape: projection lag, job latency, queue depths, appends', async () => {
    const port = await freePort();
    const token = 'worker-metrics-token-xxxxx';
    const store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    await recordCommands(store, thalidomideHistory(randomUUID()), new Date().toISOString());
    const head = await store.headPosition();
    await store.close();
    worker = startWorker(workerEnv(db.schema, { WORKER_PORT: String(port), METRICS_TOKEN: token }));
    const url = `http://127.0.0.1:${port}`;
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}${path}`, { headers });
      return { status: response.status, text: await response.text() };
    };
    await eventually(async () => ((await get('/health/ready').catch(() => ({ status: 0 }))).status === 200 ? true : undefined), `the worker to be ready\n${worker.output()}`, 30_000);
    expect(JSON.parse((await get('/health/live')).text)).toMatchObject({ status: 'ok' });
    expect(JSON.parse((await get('/health/ready')).text)).toMatchObject({ status: 'ok', checks: { database: { ok: true }, redis: { ok: true }, projections: { ok: true } } });
    expect((await get('/metrics')).status).toBe(401);

    const scrape = async () => (await get('/metrics', { authorization: `Bearer ${token}` })).text;
    // Every patient event asks for an evaluation job; once the projections reached the head, jobs ran.
    await eventually(async () => {
      const text = await scrape();
      return sample(text, 'poems_projection_lag_events', { projection: 'timeline' }) === 0 && (sample(text, 'poems_job_duration_seconds_count', { queue: 'alert-evaluations', outcome: 'completed' }) ?? 0) > 0
        ? true
        : undefined;
    }, 'the projections to catch up and evaluation jobs to run', 30_000);
    const text = await scrape();
    expect(head).toBeGreaterThan(0);
    expect(sample(text, 'poems_projection_lag_seconds', { projection: 'alert-trigger' })).toBe(0);
    expect(sample(text, 'poems_job_wait_seconds_count', { queue: 'alert-evaluations' })).toBeGreaterThan(0);
    expect(sample(text, 'poems_queue_jobs', { queue: 'alert-deliveries', state: 'failed' })).toBe(0);
    expect(text).toContain('# HELP poems_alerts ');
    expect(text).toContain('# HELP poems_webhook_deliveries ');
    expect(sample(text, 'poems_process_cpu_seconds_total', { app: 'worker' })).toBeGreaterThan(0);
  }, 90_000);
});
