import { randomUUID } from 'node:crypto';
import type { EventData } from '@eventstore/db-client';
import { hashEvent } from '../hash-chain';
import type { StoredEvent } from '../port';
import { newEvent } from '../testing/event-store-contract';
import { AppendTooLargeError } from './append-size';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { appendSize, FakeEventStoreDb, type FakeOptions } from './testing/fake-eventstoredb';

const PREFIX = 'l-';

function setup(options: FakeOptions & { maxAppendSize?: number; streamPrefix?: string } = {}) {
  const server = new FakeEventStoreDb({ deadlineMs: 30, ...options });
  const store = EventStoreDbEventStore.over(server, { streamPrefix: options.streamPrefix ?? PREFIX, maxAppendSize: options.maxAppendSize });
  return { server, store };
}

const appends = (server: FakeEventStoreDb) => server.calls.filter((call) => call.op === 'append');
const padded = (bytes: number) => newEvent({ data: { text: 'x'.repeat(bytes) } });

describe("the server's maximum append size (1 MiB by default up to KurrentDB 25.0)", () => {
  it('refuses an append over the limit before writing anything, not even its claims, naming the stream, size and limit', async () => {
    const { server, store } = setup();
    const events = Array.from({ length: 1500 }, () => padded(400));
    const refusal = store.appendToStream('patient-1', events);
    await expect(refusal).rejects.toBeInstanceOf(AppendTooLargeError);
    await expect(refusal).rejects.toThrow(/patient-1.*1,048,576 bytes/);
    expect(appends(server)).toEqual([]);
  });

  it('counts type, data and metadata as the server does: an append of exactly the limit is written, one byte more is refused', async () => {
    const sent: EventData[][] = [];
    const probe = setup({ maxAppendSize: 16 * 1024 * 1024 });
    const append = probe.server.appendToStream.bind(probe.server);
    probe.server.appendToStream = (name, events, options) => (name.endsWith('probe') && sent.push(events), append(name, events, options));
    const shape = () => [padded(300), newEvent({ type: 'ÜberLongTypeNameHappened', data: { text: 'é'.repeat(200) } })];
    await probe.store.appendToStream('probe', shape());
    const exact = appendSize(sent[0]!);

    const atLimit = setup({ maxAppendSize: exact });
    await expect(atLimit.store.appendToStream('patient-2', shape())).resolves.toMatchObject({ nextExpectedRevision: 1 });
    const overLimit = setup({ maxAppendSize: exact - 1 });
    await expect(overLimit.store.appendToStream('patient-2', shape())).rejects.toBeInstanceOf(AppendTooLargeError);
    expect(appends(overLimit.server)).toEqual([]);
  });

  it('turns the refusal of a server configured below the adapter setting into the same clear error', async () => {
    const { store } = setup({ maxAppendSize: 2 * 1024 * 1024 });
    const server = new FakeEventStoreDb({ maxAppendSize: 1024 });
    const misconfigured = EventStoreDbEventStore.over(server, { streamPrefix: PREFIX, maxAppendSize: 2 * 1024 * 1024 });
    await expect(misconfigured.appendToStream('patient-3', [padded(2000)])).rejects.toThrow(/1,024 bytes/);
    await expect(store.appendToStream('patient-3', [padded(2000)])).resolves.toMatchObject({ alreadyStored: false });
  });
});

describe('event ids', () => {
  it('refuses an id the server would return in another spelling (uppercase) before writing anything', async () => {
    const { server, store } = setup();
    await expect(store.appendToStream('patient-4', [newEvent({ eventId: randomUUID().toUpperCase() })])).rejects.toThrow(/canonical lowercase UUID/);
    expect(appends(server)).toEqual([]);
  });
});

describe('events another program wrote into a non-$ stream', () => {
  it('are left out of readAll and subscriptions of a store without prefix, instead of making them throw', async () => {
    const { server, store } = setup({ streamPrefix: '' });
    server.writeRaw('legacy-orders', { type: 'OrderPlaced', data: { order: 1 } });
    server.writeRaw('legacy-blobs', { type: 'BlobStored', data: 'raw', isJson: false });
    const mine = await store.appendToStream('patient-5', [newEvent()]);
    server.writeRaw('legacy-orders', { type: 'OrderShipped', data: { order: 1 }, metadata: { by: 'someone' } });
    const last = await store.appendToStream('patient-5', [newEvent()]);

    expect((await store.readAll()).map((event) => event.globalPosition)).toEqual([...mine.positions, ...last.positions]);
    const seen: StoredEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribeToAll({ after: 0, onEvents: async (batch) => void seen.push(...batch), onError: (error) => errors.push(error) });
    const deadline = Date.now() + 2000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.stop();
    expect(errors).toEqual([]);
    expect(seen.map((event) => event.streamId)).toEqual(['patient-5', 'patient-5']);
  });
});

describe('streams deleted or truncated on the server (this store never deletes)', () => {
  it.each([
    ['soft-deleted', (server: FakeEventStoreDb, name: string) => server.softDelete(name)],
    ['truncated before a revision', (server: FakeEventStoreDb, name: string) => server.setStreamMetadata(name, { truncateBefore: 1 })],
    ['capped by $maxCount', (server: FakeEventStoreDb, name: string) => server.setStreamMetadata(name, { maxCount: 5 })],
    ['tombstoned', (server: FakeEventStoreDb, name: string) => server.tombstone(name)],
  ])('refuses to append to a %s stream, whose hash chain could not continue, and writes nothing', async (_, damage) => {
    const { server, store } = setup();
    await store.appendToStream('patient-6', [newEvent(), newEvent()]);
    damage(server, `${PREFIX}patient-6`);
    const before = server.log.length;
    await expect(store.appendToStream('patient-6', [newEvent()])).rejects.toThrow(/patient-6.*(deleted|truncated)/);
    expect(server.log.filter((record) => record.streamId === `${PREFIX}patient-6`)).toHaveLength(2);
    expect(server.log.length - before).toBeLessThanOrEqual(1); // at most the claim
  });

  it('keeps the chain of a healthy stream verifiable', async () => {
    const { store } = setup();
    await store.appendToStream('patient-7', [newEvent()]);
    await store.appendToStream('patient-7', [newEvent()]);
    for (const event of await store.readStream('patient-7')) expect(hashEvent(event)).toBe(event.hash);
  });
});

describe('headPosition', () => {
  it('is the newest event of this store even behind more than 1,000 records of others, so readAll after it is empty', async () => {
    const { server, store } = setup();
    const mine = await store.appendToStream('patient-8', [newEvent()]);
    for (let i = 0; i < 1500; i++) server.writeRaw(`other-${i % 7}`, { type: 'Elsewhere', data: { i } });
    await new Promise((resolve) => setTimeout(resolve, 5));

    const head = await store.headPosition();
    expect(head).toBe(mine.positions[0]);
    expect(await store.readAll({ after: head })).toEqual([]);
  });

  it('is 0 for a store with no events', async () => {
    const { server, store } = setup();
    for (let i = 0; i < 50; i++) server.writeRaw('other', { type: 'Elsewhere', data: { i } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.headPosition()).toBe(0);
  });
});

describe('what the event-id claims cost (measured through the fake)', () => {
  it('adds one write per event and one $all record per event; an append of n events makes n + 1 writes and 3 reads', async () => {
    const { server, store } = setup();
    const streams = 20;
    const perStream = 10;
    for (let s = 0; s < streams; s++) await store.appendToStream(`patient-m${s}`, Array.from({ length: perStream }, () => newEvent()));
    await new Promise((resolve) => setTimeout(resolve, 5));

    const writes = appends(server);
    const claimWrites = writes.filter((call) => call.stream!.startsWith('_poems-event-id-'));
    expect(claimWrites).toHaveLength(streams * perStream);
    expect(writes).toHaveLength(streams * perStream + streams);
    expect(server.log.filter((record) => record.streamId.startsWith('_poems-'))).toHaveLength(streams * perStream);
    expect(server.log).toHaveLength(2 * streams * perStream);
    const reads = server.calls.filter((call) => call.op === 'readStream' || call.op === 'metadata');
    expect(reads).toHaveLength(3 * streams);
    const claimBytes = server.log.filter((record) => record.streamId.startsWith('_poems-')).reduce((sum, record) => sum + record.data.length + record.type.length * 2, 0);
    const eventBytes = server.log.filter((record) => !record.streamId.startsWith('_poems-')).reduce((sum, record) => sum + record.data.length + record.metadata.length + record.type.length * 2, 0);
    expect(claimBytes / eventBytes).toBeLessThan(0.2);
  });
});
