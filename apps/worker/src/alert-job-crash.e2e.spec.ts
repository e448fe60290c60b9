import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSettingsFrom, WebhookSubscriptions } from '@poems/alerts-engine';
import { loadConfig } from '@poems/config';
import { generateCohort } from '@poems/demo-cohort';
import { PostgresEventStore } from '@poems/event-store';
import { byPatientInDecisionOrder, commandSchema } from '@poems/patient';
import { createTestSchema, eventually, recordCommands, type TestSchema } from '@poems/testing';
import { startWorker, workerEnv, type WorkerProcess } from './testing/worker-process';

/**
 * The worker is killed with SIGKILL while jobs are in flight (rule evaluations of a whole imported
 * cohort, and a webhook delivery stuck on a hanging endpoint). After a restart, BullMQ finds the
 * stalled jobs and retries them: every alert is raised exactly once, every delivery completes.
 */
describe('a worker killed with SIGKILL mid-job', () => {
  let db: TestSchema;
  let worker: WorkerProcess | undefined;
  let server: Server;
  const seen: string[] = [];

  beforeAll(async () => {
    db = await createTestSchema('jobcrash', 10);
    server = createServer((request, response) => {
      const delivery = String(request.headers['x-poems-delivery']);
      seen.push(delivery);
      request.resume();
      // The very first delivery hangs (the worker dies while waiting on it); later ones succeed.
      if (seen.length === 1) return;
      response.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    server.closeAllConnections();
    server.close();
    await db.drop();
  });

  it('retries the interrupted jobs and duplicates nothing', async () => {
    // The receiver is local and plain http: what the operator's allow-list is for.
    const env = workerEnv(db.schema, { ALERT_JOB_LOCK_MS: '2000', WEBHOOK_TIMEOUT_MS: '60000', ALERT_SWEEP_INTERVAL_MS: '500', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true' });
    const cohort = generateCohort({ endDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const subscriptions = await WebhookSubscriptions.open(db.pool, db.schema, webhookSettingsFrom(loadConfig(env)));
    for (const careTeam of new Set(cohort.patients.map((p) => p.careTeam))) await subscriptions.create({ careTeam, url, createdBy: 'test' });

    // The cohort's events are stored as an import would store them (decided by the real decider).
    const store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    const byPatient = byPatientInDecisionOrder(cohort.commands.map((command) => commandSchema.parse(command)));
    for (const commands of byPatient.values()) await recordCommands(store, commands, new Date().toISOString());
    await store.close();

    worker = startWorker(env);
    await eventually(() => (seen.length >= 1 ? true : undefined), `a delivery to be in flight\n${worker.output()}`, 60_000);
    const raisedBeforeKill = await countRaised(db);
    await worker.kill9();
    expect(raisedBeforeKill).toBeLessThan(expectedAlerts(cohort).length + 1);

    worker = startWorker(env);
    const expected = expectedAlerts(cohort);
    let progress = '';
    await eventually(async () => {
      const { rows } = await db.pool.query(`SELECT status, count(*)::int AS n FROM ${db.schema}.webhook_deliveries GROUP BY status`);
      const raised = await countRaised(db);
      progress = `raised ${raised}/${expected.length}, deliveries ${JSON.stringify(rows)}`;
      return raised >= expected.length && rows.every((row) => row.status === 'delivered') ? true : undefined;
    }, 'every alert raised and every delivery delivered after the restart', 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${progress}\nworker output:\n${worker!.output().slice(-3000)}`);
    });

    const { rows } = await db.pool.query(`SELECT data->>'rule' AS rule, data->>'patientId' AS patient, left(data->>'clinicalTime', 10) AS day FROM ${db.schema}.events WHERE type = 'AlertRaised'`);
    expect(rows.map((r) => `${r.rule}|${r.patient}|${r.day}`).sort()).toEqual(expected);
    const perStream = await db.pool.query(`SELECT count(*)::int AS n FROM ${db.schema}.events WHERE type = 'AlertRaised' GROUP BY stream_id HAVING count(*) > 1`);
    expect(perStream.rows).toEqual([]);
    // The delivery the worker died on was retried (the receiver sees its id again), and completed.
    expect(seen.filter((id) => id === seen[0]).length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});

function expectedAlerts(cohort: ReturnType<typeof generateCohort>): string[] {
  return cohort.patients.flatMap((p) => p.problems.map((problem) => `${problem.rule}|${p.id}|${problem.clinicalDate}`)).sort();
}

async function countRaised(db: TestSchema): Promise<number> {
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ${db.schema}.events WHERE type = 'AlertRaised'`);
  return rows[0].n;
}
