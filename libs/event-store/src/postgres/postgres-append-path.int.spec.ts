import { randomUUID } from 'node:crypto';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { Client } from 'pg';
import { hashEvent } from '../hash-chain';
import { GENESIS_HASH } from '../port';
import { newEvent } from '../testing/event-store-contract';
import { PostgresEventStore } from './postgres-event-store';

/** Counts the statements this test's connections send (what an append costs in round trips). */
function countStatements(): { texts: string[]; restore: () => void } {
  const texts: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, config: string | { text: string }, ...rest: unknown[]) {
    texts.push(typeof config === 'string' ? config : config.text);
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof original;
  return { texts, restore: () => (Client.prototype.query = original) };
}

describe('the PostgreSQL append path', () => {
  let db: TestSchema;
  let a: PostgresEventStore;
  let b: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestSchema('append', 6);
    a = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    b = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  it('appends to a stream it knows in one statement, a new stream with no_stream too', async () => {
    const streamId = `one-${randomUUID()}`;
    const counted = countStatements();
    try {
      await a.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
      await a.appendToStream(streamId, [newEvent(), newEvent()], { expectedRevision: 0 });
    } finally {
      counted.restore();
    }
    const appends = counted.texts.filter((text) => !text.includes('NOTIFY'));
    expect(appends).toHaveLength(2);
    expect(appends.every((text) => text.includes('append_events'))).toBe(true);
  });

  // The function refuses a recordedAt more than a second from the server's clock. The append used
  // to stamp it before waiting for a pooled connection: in a saturated process every append waited
  // past that, came back stale and went round again (at 1,000 appends/s the load generator's
  // PostgreSQL backends took 1.2 of the machine's 2 cores).
  it('stamps recordedAt once it holds a connection: an append held back by a busy pool is not refused as stale', async () => {
    const busy = await createTestSchema('appendbusy', 1);
    const store = await PostgresEventStore.create({ pool: busy.pool, schema: busy.schema });
    const streamId = `busy-${randomUUID()}`;
    await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
    const counted = countStatements();
    try {
      const sleeping = busy.pool.query('SELECT pg_sleep(1.5)');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 });
      await sleeping;
    } finally {
      counted.restore();
      await store.close();
      await busy.drop();
    }
    expect(counted.texts.filter((text) => text.includes('append_events'))).toHaveLength(1);
  });

  it('chains correctly when another process moved the stream on (its cached head is stale)', async () => {
    const streamId = `two-${randomUUID()}`;
    await a.appendToStream(streamId, [newEvent()]);
    await b.appendToStream(streamId, [newEvent()]);
    await a.appendToStream(streamId, [newEvent()]);
    await b.appendToStream(streamId, [newEvent()], { expectedRevision: 2 });
    await expect(a.appendToStream(streamId, [newEvent()], { expectedRevision: 2 })).rejects.toMatchObject({ name: 'ConcurrencyError', actual: 3 });
    const events = await a.readStream(streamId);
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    events.forEach((event, index) => {
      expect(event.prevHash).toBe(index === 0 ? GENESIS_HASH : events[index - 1]!.hash);
      expect(hashEvent(event)).toBe(event.hash);
    });
    // Recorded times never go back along a stream (time travel reads them as the order of knowledge).
    const times = events.map((e) => Date.parse(e.recordedAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it('refuses, under the lock, a recorded time far from the server clock and writes nothing', async () => {
    const streamId = `clock-${randomUUID()}`;
    const event = newEvent();
    const recordedAt = new Date(Date.now() - 3_600_000).toISOString();
    const hash = hashEvent({ ...event, streamId, revision: 0, recordedAt, prevHash: GENESIS_HASH });
    const { rows } = await db.pool.query(
      `SELECT status FROM ${db.schema}.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [[streamId], [-1], [-1], [GENESIS_HASH], recordedAt, 1000, [event.eventId], [streamId], [0], [event.type], [1], [JSON.stringify(event.data)], [JSON.stringify(event.metadata)], [event.occurredAt], [GENESIS_HASH], [hash]],
    );
    expect(rows[0].status).toBe('stale');
    expect(await a.readStream(streamId)).toEqual([]);
  });

  it('lets many writers with no expectation append to one stream, every chain link intact', async () => {
    const streamId = `busy-${randomUUID()}`;
    const stores = [a, b];
    await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.appendToStream(streamId, [newEvent()])));
    const events = await a.readStream(streamId);
    expect(events).toHaveLength(40);
    events.forEach((event, index) => expect(event.prevHash).toBe(index === 0 ? GENESIS_HASH : events[index - 1]!.hash));
  });

  it('appends batches with COPY, text that needs escaping included, and reads them back exactly', async () => {
    const data = { note: 'tab\there, newline\nthere, backslash \\ and "quotes" \\n literal', nested: { list: ['a\\b', '\r'] } };
    const streams = [`copy-a-${randomUUID()}`, `copy-b-${randomUUID()}`].sort();
    async function* batches() {
      yield [{ streamId: streams[0]!, events: [newEvent({ data }), newEvent()] }];
      yield [{ streamId: streams[1]!, events: [newEvent({ data })] }];
    }
    const summary = await a.appendBatches(batches());
    expect(summary).toMatchObject({ streams: 2, events: 3, alreadyStored: 0 });
    const first = await a.readStream(streams[0]!);
    expect(first[0]!.data).toEqual(data);
    expect(hashEvent(first[0]!)).toBe(first[0]!.hash);
    expect(summary.firstPosition).toBe(first[0]!.globalPosition);
    expect(summary.lastPosition).toBe((await a.readStream(streams[1]!))[0]!.globalPosition);
    // And the next single append chains from the copied head.
    await b.appendToStream(streams[0]!, [newEvent()], { expectedRevision: 1 });
    expect((await a.readStream(streams[0]!))[2]!.prevHash).toBe(first[1]!.hash);
  });
});
