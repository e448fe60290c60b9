import { randomUUID } from 'node:crypto';
import { enqueueEvaluation, evaluatePatients, type EngineContext, openAlertEngine, type OpenedAlertEngine } from '@poems/alerts-engine';
import { loadConfig } from '@poems/config';
import { patientStreamId } from '@poems/kernel';
import type { PatientCommandInput } from '@poems/patient';
import { type Infrastructure, openInfrastructure } from '@poems/runtime';
import { createTestSchema, eventually, recordCommands, type TestSchema } from '@poems/testing';
import { workerEnv } from './testing/worker-process';

const NOW = '2026-06-03T00:00:00.000Z';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** On thalidomide since 1 May; a normal heart rate on 20 May, 44 bpm on 21 May (BRADYCARDIA). */
function bradycardic(patientId: string): PatientCommandInput[] {
  return [
    { type: 'EnrollPatient', patientId, birthDate: '1956-03-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2026-05-01T00:00:00.000Z', name: 'Batch Patient' },
    { type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: '2026-05-01T02:00:00.000Z' },
    { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 72, assessedAt: '2026-05-20T01:00:00.000Z' },
    { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 44, assessedAt: '2026-05-21T01:00:00.000Z' },
  ];
}

/**
 * The alert trigger hands the worker one job per projection batch, whatever the number of patients
 * in it. Each patient is evaluated; the deadlines and evaluated positions of all of them are
 * recorded by ONE statement (one commit), where each evaluation used to commit its own. A patient
 * whose evaluation fails holds up none of the others: the job keeps only that patient and retries.
 */
describe('an evaluation job for the patients of one projection batch', () => {
  let db: TestSchema;
  let infra: Infrastructure;
  let opened: OpenedAlertEngine;
  let ctx: EngineContext;
  const statements: string[] = [];
  const patients = [randomUUID(), randomUUID(), randomUUID()];
  const broken = randomUUID();

  beforeAll(async () => {
    db = await createTestSchema('evalbatch');
    const config = loadConfig(workerEnv(db.schema));
    infra = await openInfrastructure(config, 'evaluation-batches', {
      onPool: (pool) =>
        pool.on('connect', (client) => {
          const query = client.query.bind(client) as (...args: unknown[]) => unknown;
          (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
            statements.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
            return query(text, ...rest);
          };
        }),
    });
    opened = await openAlertEngine({ config, infra, logger: quiet, clock: () => new Date(NOW) });
    ctx = opened.context;
    for (const patientId of patients) await recordCommands(infra.rawStore, bradycardic(patientId));
    // A stream whose last event no schema accepts: loading this patient fails.
    await recordCommands(infra.rawStore, bradycardic(broken).slice(0, 2));
    await infra.rawStore.appendToStream(patientStreamId(broken), [
      { eventId: randomUUID(), type: 'AssessmentRecorded', schemaVersion: 1, data: { kind: 'VITALS', heartRateBpm: 'fast' }, metadata: { actor: { userId: 'tester', role: 'clinician' }, correlationId: randomUUID(), causationId: null }, occurredAt: NOW },
    ]);
    // As the alert trigger records them: every patient's evaluation requested up to the head.
    await db.pool.query(`INSERT INTO ${db.schema}.alert_evaluation_requests (patient_id, requested_position) SELECT unnest($1::uuid[]), 1000000`, [[...patients, broken]]);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    await infra?.close();
    await db.drop();
  });

  it('evaluates every patient and records all their evaluations in one statement', async () => {
    statements.length = 0;
    const { outcomes, failed } = await evaluatePatients(ctx, [...patients, broken], 'position-42');

    expect(failed.map((f) => f.patientId)).toEqual([broken]);
    expect([...outcomes.keys()].sort()).toEqual([...patients].sort());
    for (const patientId of patients) expect(outcomes.get(patientId)!.raised.length).toBeGreaterThan(0);
    const raised = await db.pool.query(`SELECT DISTINCT data->>'patientId' AS patient FROM ${db.schema}.events WHERE type = 'AlertRaised' AND data->>'rule' = 'BRADYCARDIA'`);
    expect(raised.rows.map((r) => r.patient).sort()).toEqual([...patients].sort());

    expect(statements.filter((text) => text.includes('alert_deadlines')).length).toBe(1);
    const recorded = await db.pool.query(`SELECT patient_id::text, evaluated_position::int AS position FROM ${db.schema}.alert_evaluation_requests`);
    const positions = new Map(recorded.rows.map((r) => [r.patient_id, r.position]));
    for (const patientId of patients) {
      const last = (await infra.rawStore.readStream(patientStreamId(patientId))).at(-1)!.globalPosition;
      expect(positions.get(patientId)).toBe(last);
    }
    // The failed one is still owed: a retry, or the sweeper, evaluates it again.
    expect(positions.get(broken)).toBe(0);
  });

  it('keeps only the patient that failed in the job, so that its retries evaluate it alone', async () => {
    opened.engine.start();
    await enqueueEvaluation(opened.queues, [patients[0]!, broken], 'position-43');
    let data: unknown;
    await eventually(async () => {
      const jobs = await opened.queues.evaluate.getJobs(['delayed', 'wait', 'active', 'failed']);
      const job = jobs.find((j) => j.data.cause === 'position-43');
      data = job?.data;
      return job && job.attemptsMade >= 1 ? true : undefined;
    }, 'the job to fail once and wait for its retry', 20_000);
    expect(data).toEqual({ patientIds: [broken], cause: 'position-43' });
  });
});
