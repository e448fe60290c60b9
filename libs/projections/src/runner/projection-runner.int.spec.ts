import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import { foldTimeline } from '@poems/read-models';
import { createTestSchema, eventually, recordCommands, type TestSchema, thalidomideHistory } from '@poems/testing';

import { TIMELINE_PROJECTION, toTimelineEvent } from '../timeline/timeline-projection';
import { readTimelineRows } from '../timeline/timeline-queries';
import { ProjectionCatalog } from './projection-catalog';
import { rebuildProjection } from './projection-rebuild';
import { ProjectionRunner } from './projection-runner';

describe('the projection runner and the timeline projection', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let catalog: ProjectionCatalog;

  beforeEach(async () => {
    db = await createTestSchema('proj', 20);
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function expectRowsToMatchTheStream(patientId: string) {
    const expected = foldTimeline((await store.readStream(`patient-${patientId}`)).map(toTimelineEvent));
    const actual = await readTimelineRows(db.pool, db.schema, patientId);
    expect(actual.patient).toEqual(expected.patient);
    const byId = (rows: { eventId: string }[]) => [...rows].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    expect(byId(actual.entries)).toEqual(byId(expected.entries));
  }

  describe('live, with two workers racing on the same projection', () => {
    it('applies every event exactly once, corrections included', async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const runners = [1, 2].map(() => new ProjectionRunner(catalog, store, TIMELINE_PROJECTION, undefined, 7));
      runners.forEach((runner) => runner.start());
      await Promise.all(ids.map((id) => recordCommands(store, thalidomideHistory(id))));
      const vegf = (await store.readStream(`patient-${ids[0]}`)).find((e) => e.type === 'LabResultRecorded')!;
      await recordCommands(store, [{ type: 'CorrectEvent', patientId: ids[0]!, correctsEventId: vegf.eventId, reason: 'typo', value: 2600 }]);
      const head = await store.headPosition();
      await eventually(async () => ((await catalog.state('timeline'))!.checkpoint >= head ? true : undefined), 'the runners to catch up');
      await Promise.all(runners.map((runner) => runner.stop()));
      for (const id of ids) await expectRowsToMatchTheStream(id);
      const corrected = (await readTimelineRows(db.pool, db.schema, ids[0]!)).entries.find((e) => e.eventId === vegf.eventId)!;
      expect(corrected.data['value']).toBe(2600);
      expect(corrected.original?.['value']).toBe(2500);
    });
  });

  describe('a rebuild while commands keep arriving', () => {
    it('swaps in rows identical to the live projection, and the live runner carries on', async () => {
      const runner = new ProjectionRunner(catalog, store, TIMELINE_PROJECTION, undefined, 50);
      runner.start();
      const ids = Array.from({ length: 6 }, () => randomUUID());
      await Promise.all(ids.slice(0, 3).map((id) => recordCommands(store, thalidomideHistory(id))));
      const writing = Promise.all(ids.slice(3).map((id) => recordCommands(store, thalidomideHistory(id))));
      const progress: number[] = [];
      const result = await rebuildProjection(catalog, store, TIMELINE_PROJECTION, { batchSize: 10, onProgress: (done) => progress.push(done) });
      expect(result.generation).toBe(2);
      expect(progress.length).toBeGreaterThan(2);
      await writing;
      const head = await store.headPosition();
      await eventually(async () => ((await catalog.state('timeline'))!.checkpoint >= head ? true : undefined), 'the live runner to catch up after the swap');
      await runner.stop();
      for (const id of ids) await expectRowsToMatchTheStream(id);
      const tables = await db.pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'timeline%' ORDER BY 1`, [db.schema]);
      expect(tables.rows.map((r) => r.table_name)).toEqual(['timeline_entries', 'timeline_entries__g2', 'timeline_patients', 'timeline_patients__g2']);
    });
  });
});
