import { randomUUID } from 'node:crypto';
import { loadConfig } from '@poems/config';
import { openInfrastructure } from '@poems/runtime';
import type { BenchOptions } from '../options';
import { appEnv, startApp } from '../support/app-process';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { freshSchema } from '../support/database';
import { atRate } from '../support/measure';
import { PatientWriter } from '../support/patient-writer';
import { Progress, step } from '../support/progress';
import { freshQueuePrefix } from '../support/queues';
import { row, type ResultRow } from '../support/report';
import { latencyStages, pollAlerts, settled } from './alert-watch';
import { bullmqLatency } from './bullmq-latency';

/** One event in ALERT_EVERY raises an alert: a heart rate below 50 bpm on thalidomide after a normal one. */
const ALERT_EVERY = 5;
const DAY = 86_400_000;

/**
 * Row 6: the API and the worker as separate processes; vitals appended through the event-store
 * port at a steady rate, one in five a bradycardia on thalidomide (BRADYCARDIA rule), each on a
 * patient whose previous reading was normal, so each opens a new alert. Latency: from the append
 * returning to the alert first appearing in GET /v1/alerts (polled every 10 ms). Baseline: BullMQ
 * add → worker start at the same rate, measured just before.
 */
export async function alertLatencyBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  const baseline = await bullmqLatency(options.alertRate, options.alertSeconds);
  return withCleanup(async (cleanup) => {
    const db = await freshSchema(cleanup, 'alerts', 2);
    const env = appEnv(db.schema, freshQueuePrefix(cleanup, 'alerts'));
    const api = await startApp(cleanup, 'api', env);
    const worker = await startApp(cleanup, 'worker', env);
    const infra = await openInfrastructure(loadConfig({ ...env, DATABASE_POOL_SIZE: '6' }), 'bench');
    cleanup.add('close the benchmark infrastructure', () => infra.close());
    const writer = new PatientWriter(infra.store);

    // One patient per event per second: each patient gets a reading every second.
    const patients = Array.from({ length: options.alertRate }, () => randomUUID());
    const started = Date.now() - 2 * DAY;
    await Promise.all(
      patients.map(async (patientId) => {
        await writer.record({ type: 'EnrollPatient', patientId, birthDate: '1956-03-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: new Date(started).toISOString(), name: 'Bench Patient' });
        await writer.record({ type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: new Date(started + 3_600_000).toISOString() });
      }),
    );
    step(`  ${patients.length} patients on thalidomide enrolled; waiting for the worker to settle`);
    await settled(db.pool, db.schema);

    const expected = new Map<string, number>();
    const appends: Promise<unknown>[] = [];
    const progress = new Progress('appending vitals', options.alertRate * options.alertSeconds);
    const meter = await cpuMeter({ api: api.pid, worker: worker.pid });
    const poller = pollAlerts(api, expected);
    const total = await atRate(options.alertRate, options.alertSeconds, (n) => {
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
    progress.done(`${total} events appended, ${expected.size} should raise an alert`);
    const seen = await poller.finish(expected.size, 20_000);
    const cpu = await meter();
    const stages = await latencyStages(db.pool, db.schema, seen.seenAt);
    const missing = expected.size - seen.latencies.count;
    step(`  ${seen.latencies.count} alerts seen${missing ? `, ${missing} not seen within 20 s of the last append` : ''}`);

    const title = '6. alert latency (append → GET /v1/alerts)';
    const kase = `${options.alertRate} events/s, 1 in ${ALERT_EVERY} alerting`;
    const label = 'BullMQ add → worker start';
    return {
      rows: [50, 99].map((p) => row(title, kase, `p${p} ms`, seen.latencies.percentile(p), { label, value: baseline.percentile(p) }, 'lower')),
      details: {
        events: total,
        cpu,
        alertsExpected: expected.size,
        alertsSeen: seen.latencies.count,
        alertLatencyMs: { p50: seen.latencies.percentile(50), p99: seen.latencies.percentile(99), max: seen.latencies.max() },
        alertLatencyP50ByWindow: seen.p50ByWindow,
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
