import { randomUUID } from 'node:crypto';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { newEvent } from '../testing/event-store-contract';
import { sealLog } from './log-sealer';
import { verifyLog } from './log-verifier';

describe('verifying the hash-chained, sealed log', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  const a = `patient-${randomUUID()}`;
  const b = `patient-${randomUUID()}`;
  const c = `alert-${randomUUID()}`;
  const sql = (text: string, params: unknown[] = []) => db.pool.query(text.replaceAll('$S', db.schema), params);

  beforeEach(async () => {
    db = await createTestSchema('audit');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    for (let i = 0; i < 4; i++) {
      await store.appendToStream(a, [newEvent({ data: { note: `Hanako visit ${i}`, value: i } })]);
      await store.appendToStream(b, [newEvent({ data: { value: 10 + i } })]);
    }
    await store.appendToStream(c, [newEvent(), newEvent()]);
    await sealLog(store);
    await store.appendToStream(a, [newEvent({ data: { note: 'after the seal' } })]);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  describe('an untouched log', () => {
    it('verifies, and says what the last seal covers and what is not sealed yet', async () => {
      const report = await verifyLog(store);
      expect(report).toMatchObject({ ok: true, eventsChecked: 12, streamsChecked: 4, sealsChecked: 1, unsealedEvents: 1, firstProblem: null });
      expect(report.lastSeal).toMatchObject({ sealNumber: 1, coversPosition: 10 });
      await sealLog(store);
      expect(await verifyLog(store)).toMatchObject({ ok: true, sealsChecked: 2, unsealedEvents: 0 });
      expect((await sealLog(store)).sealed).toBe(false); // nothing new to seal
    });
  });

  describe('tampering with SQL', () => {
    it('finds one changed byte and locates it', async () => {
      await sql(`UPDATE $S.events SET data = replace(data::text, 'Hanako visit 2', 'Hanako visit 3')::jsonb WHERE stream_id = $1 AND stream_revision = 2`, [a]);
      const report = await verifyLog(store);
      expect(report.ok).toBe(false);
      expect(report.firstProblem).toMatchObject({ kind: 'CONTENT_ALTERED', streamId: a, revision: 2 });
      expect(report.problems).toHaveLength(1);
    });

    it('finds a changed byte even when the forger also rewrote that event’s hash', async () => {
      await sql(`UPDATE $S.events SET data = jsonb_set(data, '{value}', '7'), hash = repeat('a', 64) WHERE stream_id = $1 AND stream_revision = 1`, [b]);
      const report = await verifyLog(store);
      expect(report.problems.map((p) => [p.kind, p.streamId, p.revision])).toEqual(
        expect.arrayContaining([
          ['CONTENT_ALTERED', b, 1],
          ['CHAIN_BROKEN', b, 2],
        ]),
      );
    });

    it('finds a deleted event', async () => {
      await sql(`DELETE FROM $S.events WHERE stream_id = $1 AND stream_revision = 1`, [a]);
      const report = await verifyLog(store);
      expect(report.firstProblem).toMatchObject({ kind: 'REVISION_MISSING', streamId: a, revision: 1 });
      expect(report.firstProblem!.message).toContain('missing');
    });

    it('finds a deleted event while a long transaction elsewhere in the database delays the proof that its hole is final', async () => {
      await sql(`DELETE FROM $S.events WHERE stream_id = $1 AND stream_revision = 1`, [a]);
      // Another client of the same database (another schema, another app) holds a transaction open
      // for longer than the store waits at a hole: the verifier must wait for it, not stop short.
      const other = await db.pool.connect();
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const ended = new Promise((resolve) => setTimeout(resolve, 4500)).then(async () => {
        await other.query('COMMIT');
        other.release();
      });
      const report = await verifyLog(store);
      await ended;
      expect(report.firstProblem).toMatchObject({ kind: 'REVISION_MISSING', streamId: a, revision: 1 });
      expect(report.eventsChecked).toBe(11);
    });

    it('finds a deleted last event of a stream through the seal', async () => {
      await sql(`DELETE FROM $S.events WHERE stream_id = $1 AND stream_revision = 3`, [b]);
      const report = await verifyLog(store);
      expect(report.firstProblem).toMatchObject({ kind: 'SEAL_MISMATCH', streamId: b, revision: 3 });
      expect(report.firstProblem!.message).toContain('deleted');
    });

    it('finds a deleted whole stream through the seal', async () => {
      await sql(`DELETE FROM $S.events WHERE stream_id = $1`, [c]);
      const report = await verifyLog(store);
      expect(report.firstProblem).toMatchObject({ kind: 'SEAL_MISMATCH', streamId: c });
    });

    it('finds two reordered events', async () => {
      await sql(`UPDATE $S.events SET stream_revision = -1 WHERE stream_id = $1 AND stream_revision = 1`, [a]);
      await sql(`UPDATE $S.events SET stream_revision = 1 WHERE stream_id = $1 AND stream_revision = 2`, [a]);
      await sql(`UPDATE $S.events SET stream_revision = 2 WHERE stream_id = $1 AND stream_revision = -1`, [a]);
      const report = await verifyLog(store);
      expect(report.ok).toBe(false);
      expect(report.firstProblem).toMatchObject({ streamId: a, revision: 2 });
      expect(report.problems.map((p) => p.kind)).toContain('CONTENT_ALTERED');
    });

    it('finds an event written behind the store’s back', async () => {
      const forged = (await store.readStream(b))[3]!;
      await sql(
        `INSERT INTO $S.events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash)
         OVERRIDING SYSTEM VALUE
         SELECT $1, stream_id, 4, type, schema_version, data, metadata, occurred_at, recorded_at, hash, hash FROM $S.events WHERE event_id = $2`,
        [randomUUID(), forged.eventId],
      );
      const report = await verifyLog(store);
      expect(report.ok).toBe(false);
    });
  });
});
