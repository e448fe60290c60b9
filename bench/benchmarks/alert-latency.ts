import { randomUUID } from 'node:crypto';
import { QUEUE_NAMES } from '@poems/alerts-engine';
import { loadConfig } from '@poems/config';
import { openInfrastructure } from '@poems/runtime';
import { TEST_REDIS_URL } from '@poems/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { BenchOptions } from '../options';
import { appEnv, scrapeValue, startApp } from '../support/app-process';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { freshSchema } from '../support/database';
import { machineLoad } from '../support/machine-load';
import { atRate, sleep } from '../support/measure';
import { PatientWriter } from '../support/patient-writer';
import { Progress, step } from '../support/progress';
import { freshQueuePrefix } from '../support/queues';
import { row, type ResultRow } from '../support/report';
import { latencyStages, pollAlerts, settled } from './alert-watch';
import { bullmqLatency } from './bullmq-latency';

/** One event in ALERT_EVERY raises an alert: a heart rate below 50 bpm on thalidomide after a normal one. */
const ALERT_EVERY = 5;
const DAY = 86_400_000;
const SAMPLE_EVERY_MS = 500;

/**
 * Row 6: the API and the worker as separate processes; vitals appended through the event-store
 * port at a steady rate, one in five a bradycardia on thalidomide (BRADYCARDIA rule), each on a
 * patient whose previous reading was normal, so each opens a new alert. Latency: from the append
 * returning to the alert first appearing in GET /v1/alerts (polled every 10 ms). Baseline: BullMQ
 * add → worker start at the same rate, measured just before. Run at each of `--alert-rates`; at
 * each, the backlog (evaluations requested but not done, events not yet projected, jobs waiting)
 * is sampled twice a second, to show whether it grows.
 */
export async function alertLatencyBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  const rows: ResultRow[] = [];
  const details: Record<string, unknown> = {};
  for (const rate of options.alertRates) {
    const result = await atOneRate(rate, options.alertSeconds);
    rows.push(...result.rows);
    details[`${rate} events/s`] = result.details;
  }
  return { rows, details };
}

async function atOneRate(rate: number, seconds: number): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  const load = machineLoad();
  const baseline = await bullmqLatency(rate, seconds);
  return withCleanup(async (cleanup) => {
    const db = await freshSchema(cleanup, 'alerts', 2);
    const prefix = freshQueuePrefix(cleanup, 'alerts');
    const env = appEnv(db.schema, prefix);
    const api = await startApp(cleanup, 'api', env);
    const worker = await startApp(cleanup, 'worker', env);
    const infra = await openInfrastructure(loadConfig({ ...env, DATABASE_POOL_SIZE: '8' }), 'bench');
    cleanup.add('close the benchmark infrastructure', () => infra.close());
    const writer = new PatientWriter(infra.store);

    // One patient per event per second: each patient gets a reading every second.
    const patients = Array.from({ length: rate }, () => randomUUID());
    const started = Date.now() - 2 * DAY;
    const enrolling = new Progress(`enrolling ${patients.length} patients on thalidomide`, patients.length);
    let enrolled = 0;
    for (let i = 0; i < patients.length; i += 50) {
      await Promise.all(
        patients.slice(i, i + 50).map(async (patientId) => {
          await writer.record({ type: 'EnrollPatient', patientId, birthDate: '1956-03-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: new Date(started).toISOString(), name: 'Bench Patient' });
          await writer.record({ type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: new Date(started + 3_600_000).toISOString() });
          enrolling.update(++enrolled, 'patients');
        }),
      );
    }
    enrolling.done(`${patients.length} patients enrolled; waiting for the worker to settle`);
    await settled(db.pool, db.schema);

    const expected = new Map<string, number>();
    const appends: Promise<unknown>[] = [];
    const progress = new Progress(`appending vitals at ${rate}/s`, rate * seconds);
    const meter = await cpuMeter({ api: api.pid, worker: worker.pid });
    const poller = pollAlerts(api, expected);
    const backlog = sampleBacklog(db.pool, db.schema, prefix);
    const statementsBefore = await scrapeValue(worker, 'poems_db_statements_total');
    const commitsBefore = await scrapeValue(worker, 'poems_db_commits_total');
    const t0 = performance.now();
    const total = await atRate(rate, seconds, (n) => {
      const raises = Math.floor(n / patients.length) % ALERT_EVERY === ALERT_EVERY - 1;
      const command = { type: 'RecordAssessment' as const, patientId: patients[n % patients.length]!, kind: 'VITALS' as const, heartRateBpm: raises ? 44 : 72, assessedAt: new Date().toISOString() };
      appends.push(
        writer.record(command).then(({ events }) => {
          if (raises) expected.set(events[0]!.eventId, performance.now());
        }),
      );
      progress.update(n + 1, 'events');
    });
    await Promise.all(appends);
    const appendSeconds = (performance.now() - t0) / 1000;
    progress.done(`${total} events appended in ${appendSeconds.toFixed(1)} s, ${expected.size} should raise an alert`);
    const seen = await poller.finish(expected.size, 30_000);
    const samples = await backlog.stop();
    // The worker's work for these events is done once the alerts are seen and the backlog drained.
    const statements = (await scrapeValue(worker, 'poems_db_statements_total')) - statementsBefore;
    const commits = (await scrapeValue(worker, 'poems_db_commits_total')) - commitsBefore;
    const cpu = await meter();
    const stages = await latencyStages(db.pool, db.schema, seen.seenAt);
    const missing = expected.size - seen.latencies.count;
    step(`  ${seen.latencies.count} alerts seen${missing ? `, ${missing} not seen within 30 s of the last append` : ''}`);
    const growth = backlogGrowth(samples, seconds);
    step(`  backlog (evaluations owed + events not projected): ${growth.verdict}`);

    const title = '6. alert latency (append → GET /v1/alerts)';
    const kase = `${rate} events/s, 1 in ${ALERT_EVERY} alerting`;
    const label = 'BullMQ add → worker start';
    const result = [50, 99].map((p) => row(title, kase, `p${p} ms`, seen.latencies.percentile(p), { label, value: baseline.percentile(p) }, 'lower', { load1: load.load1 }));
    result.push(row(title, kase, 'backlog, last 5 s of appends', growth.lastWindow, { label: 'backlog, first 5 s', value: growth.firstWindow }, 'lower', { load1: load.load1 }));
    result.push(row('6b. worker work per appended event', kase, 'statements', statements / total, { label: 'goal', value: 6 }, 'lower', { load1: load.load1 }));
    result.push(row('6b. worker work per appended event', kase, 'commits', commits / total, { label: 'goal', value: 1 }, 'lower', { load1: load.load1 }));
    return {
      rows: result,
      details: {
        load,
        events: total,
        worker: { statements, commits, statementsPerEvent: statements / total, commitsPerEvent: commits / total },
        appendSeconds: Number(appendSeconds.toFixed(2)),
        cpu,
        alertsExpected: expected.size,
        alertsSeen: seen.latencies.count,
        alertLatencyMs: { p50: seen.latencies.percentile(50), p99: seen.latencies.percentile(99), max: seen.latencies.max() },
        alertLatencyP50ByWindow: seen.p50ByWindow,
        backlog: { verdict: growth.verdict, firstWindow: growth.firstWindow, lastWindow: growth.lastWindow, samples },
        stages,
        bullmqMs: { jobs: baseline.count, p50: baseline.percentile(50), p99: baseline.percentile(99), max: baseline.max() },
        polls: seen.polls,
        pollMsP50: seen.pollDurations.percentile(50),
        workerPeakRssMb: Math.round(worker.memory().peakMb),
        apiPeakRssMb: Math.round(api.memory().peakMb),
      },
    };
  });
}

interface BacklogSample {
  /** Seconds since the appends started. */
  at: number;
  /** Patients whose evaluation was requested (by the alert trigger) and not yet done. */
  evaluationsOwed: number;
  /** Events written but not yet applied by the slowest projection. */
  projectionLag: number;
  /** Evaluation jobs waiting in BullMQ. */
  jobsWaiting: number;
}

function sampleBacklog(pool: Pool, schema: string, prefix: string) {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = new Queue(QUEUE_NAMES.evaluate, { connection: redis, prefix });
  const samples: BacklogSample[] = [];
  const t0 = performance.now();
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const [owed, lag, jobs] = await Promise.all([
        pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.alert_evaluation_requests WHERE requested_position > evaluated_position`),
        pool.query<{ n: number }>(`SELECT (SELECT coalesce(max(global_position), 0) FROM ${schema}.events) - (SELECT min(checkpoint) FROM ${schema}.projection_state) AS n`),
        queue.getJobCounts('waiting', 'prioritized').catch(() => ({}) as Record<string, number>),
      ]).catch(() => [{ rows: [{ n: NaN }] }, { rows: [{ n: NaN }] }, {}] as const);
      samples.push({ at: Number(((performance.now() - t0) / 1000).toFixed(1)), evaluationsOwed: owed.rows[0]!.n, projectionLag: Number(lag.rows[0]!.n), jobsWaiting: ((jobs as Record<string, number>)['waiting'] ?? 0) + ((jobs as Record<string, number>)['prioritized'] ?? 0) });
      await sleep(SAMPLE_EVERY_MS);
    }
  })();
  return {
    async stop(): Promise<BacklogSample[]> {
      stopping = true;
      await loop;
      await queue.close().catch(() => undefined);
      redis.disconnect();
      return samples;
    },
  };
}

/** Mean backlog (evaluations owed + events not projected) in the first and the last 5 s of the appends. */
function backlogGrowth(samples: BacklogSample[], seconds: number) {
  const size = (s: BacklogSample) => s.evaluationsOwed + s.projectionLag;
  const mean = (list: BacklogSample[]) => (list.length ? list.reduce((sum, s) => sum + size(s), 0) / list.length : NaN);
  const window = Math.min(5, seconds / 2);
  const firstWindow = mean(samples.filter((s) => s.at <= window));
  const lastWindow = mean(samples.filter((s) => s.at > seconds - window && s.at <= seconds));
  const grows = lastWindow > Math.max(2 * firstWindow, firstWindow + 50);
  return { firstWindow, lastWindow, verdict: `${grows ? 'GROWS' : 'flat'}: mean ${firstWindow.toFixed(0)} in the first ${window} s, ${lastWindow.toFixed(0)} in the last ${window} s of appends` };
}
