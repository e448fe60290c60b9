import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import { ProjectionCatalog, readTimelineRows, toTimelineEvent } from '@poems/projections';
import { foldTimeline } from '@poems/read-models';

import { createTestSchema, eventually, recordCommands, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema, thalidomideHistory } from '@poems/testing';
import { startWorker, type WorkerProcess } from './testing/worker-process';

describe('a worker killed with SIGKILL in the middle of projecting', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let worker: WorkerProcess | undefined;
  const patients = Array.from({ length: 30 }, () => randomUUID());

  beforeAll(async () => {
    db = await createTestSchema('crash', 10);
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    for (const id of patients) {
      const stored = await recordCommands(store, thalidomideHistory(id));
      const vegf = stored.filter((e) => e.type === 'LabResultRecorded');
      // Corrections append to a list on the row: applying a batch twice would show as a doubled note.
      await recordCommands(store, [
        { type: 'CorrectEvent', patientId: id, correctsEventId: vegf[1]!.eventId, reason: 'first fix', value: 1999 },
        { type: 'CorrectEvent', patientId: id, correctsEventId: vegf[1]!.eventId, reason: 'second fix', value: 1998 },
      ]);
    }
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await store.close();
    await db.drop();
  });

  it('loses nothing and applies nothing twice once restarted', async () => {
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `crash-${randomUUID()}`,
      AUTH_JWT_SECRET: 'x'.repeat(40),
      DATA_KEY_ENCRYPTION_KEY: '11'.repeat(32),
      RESEARCH_PSEUDONYM_KEY: '22'.repeat(32),
      PROJECTION_BATCH_SIZE: '7',
      WORKER_PORT: '0',
    };
    const catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
    const head = await store.headPosition();
    const kills: number[] = [];
    for (const fraction of [0.2, 0.5, 0.8]) {
      worker = startWorker(env);
      const target = Math.floor(head * fraction);
      const reached = await eventually(async () => {
        const state = await catalog.state('timeline');
        return state && state.checkpoint >= target ? state.checkpoint : undefined;
      }, `the timeline projection to pass position ${target}\n${worker.output()}`, 60_000);
      await worker.kill9();
      kills.push(reached);
    }
    expect(kills[2]!).toBeLessThan(head);

    worker = startWorker(env);
    await eventually(async () => ((await catalog.state('timeline'))!.checkpoint >= head ? true : undefined), 'the restarted worker to catch up', 60_000);
    for (const id of patients) {
      const expected = foldTimeline((await store.readStream(`patient-${id}`)).map(toTimelineEvent));
      const actual = await readTimelineRows(db.pool, db.schema, id);
      expect(actual.patient).toEqual(expected.patient);
      expect(actual.entries.length).toBe(expected.entries.length);
      const corrected = actual.entries.find((e) => e.corrections.length > 0)!;
      expect(corrected.corrections.map((c) => c.reason)).toEqual(['first fix', 'second fix']);
      expect(corrected.data['value']).toBe(1998);
    }
  }, 180_000);
});
