import { DeadlineExceededError, NotLeaderError, UnavailableError } from '@eventstore/db-client';
import { hashEvent } from '../hash-chain';
import { ConcurrencyError } from '../port';
import { newEvent } from '../testing/event-store-contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDb, type FakeOptions } from './testing/fake-eventstoredb';

/**
 * The server decides conflicts on every write it has accepted, but reads only see what is indexed
 * (see testing/fake-eventstoredb.ts). These are the answers the adapter owes in that window.
 */

const PREFIX = 'v-';

function setup(options: FakeOptions = {}) {
  const server = new FakeEventStoreDb({ deadlineMs: 30, ...options });
  return { server, store: EventStoreDbEventStore.over(server, { streamPrefix: PREFIX }) };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const outcomes = (server: FakeEventStoreDb, streamId: string) =>
  server.calls.filter((call) => call.op === 'append' && call.stream === PREFIX + streamId).map((call) => call.outcome);

describe('a conflict answered before the winning write is readable', () => {
  it('answers both of two identical appends racing for the same new event ids (a double submit), storing the events once', async () => {
    const { server, store } = setup({ indexLagMs: 15 });
    const events = [newEvent(), newEvent()];
    const [a, b] = await Promise.all([store.appendToStream('patient-1', events), store.appendToStream('patient-1', events)]);

    expect(a.positions).toEqual(b.positions);
    // Two identical appends chained in the same millisecond are byte for byte the same write: then
    // both may answer written. Otherwise exactly one does.
    expect([a.alreadyStored, b.alreadyStored]).toContain(false);
    expect((await store.readStream('patient-1')).map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    // The loser met the claims before it could read them.
    expect(server.calls.some((call) => call.stream?.includes('event-id') && call.outcome === 'wrong-expected-version')).toBe(true);
  });

  it('appends with any and stream_exists after conflicts, waiting until the winner is readable instead of failing after tight rounds', async () => {
    const { server, store } = setup({ indexLagMs: 20 });
    await store.appendToStream('alert-1', [newEvent()]);
    const writers = Array.from({ length: 6 }, (_, i) => store.appendToStream('alert-1', [newEvent()], { expectedRevision: i % 2 ? 'any' : 'stream_exists' }));
    await expect(Promise.all(writers)).resolves.toHaveLength(6);

    const stored = await store.readStream('alert-1');
    expect(stored.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const [index, event] of stored.entries()) {
      expect(hashEvent(event)).toBe(event.hash);
      if (index > 0) expect(event.prevHash).toBe(stored[index - 1]!.hash);
    }
    expect(outcomes(server, 'alert-1')).toContain('wrong-expected-version');
  });

  it('still refuses a stale specific revision with ConcurrencyError, once the winner is readable', async () => {
    const { store } = setup({ indexLagMs: 10 });
    await store.appendToStream('patient-2', [newEvent()]);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => store.appendToStream('patient-2', [newEvent()], { expectedRevision: 0 })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('patient-2')).toHaveLength(2);
  });

  it('treats a conflict answered as success: false (throwOnAppendFailure=false) as a conflict, not as "cannot be read back"', async () => {
    const { store } = setup({ indexLagMs: 10, throwOnAppendFailure: false });
    await store.appendToStream('patient-3', [newEvent()]);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => store.appendToStream('patient-3', [newEvent()], { expectedRevision: 0 })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConcurrencyError);
    const any = await Promise.all(Array.from({ length: 3 }, () => store.appendToStream('patient-3', [newEvent()])));
    expect(any.map((result) => result.alreadyStored)).toEqual([false, false, false]);
    expect(await store.readStream('patient-3')).toHaveLength(5);
  });
});

describe('the same events sent while their first copy is written but not yet indexed', () => {
  it('waits out IdempotentNotReady (no answer until the client deadline) and answers alreadyStored', async () => {
    const { server, store } = setup();
    const events = [newEvent(), newEvent()];
    server.pauseIndexWhen((record) => record.streamId === `${PREFIX}patient-4`);
    const first = store.appendToStream('patient-4', events);
    await waitFor(() => server.log.some((record) => record.streamId === `${PREFIX}patient-4`));
    await new Promise((resolve) => setTimeout(resolve, 3)); // a later recordedAt: the copies differ, so the answers can
    const second = store.appendToStream('patient-4', events);
    await waitFor(() => outcomes(server, 'patient-4').includes('idempotent-not-ready'));
    setTimeout(() => server.resumeIndex(), 60);

    const [a, b] = await Promise.all([first, second]);
    expect(a.alreadyStored).toBe(false);
    expect(b).toEqual({ ...a, alreadyStored: true });
    expect(await store.readStream('patient-4')).toHaveLength(2);
  });
});

describe('an append whose outcome is unknown (timeout, unavailable, leader change)', () => {
  it('finds its own events after a timeout that came after the write, and answers written, not alreadyStored', async () => {
    const { server, store } = setup();
    server.failAppend((name) => name === `${PREFIX}patient-5`, () => new DeadlineExceededError(), true);
    const result = await store.appendToStream('patient-5', [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
    expect(result.alreadyStored).toBe(false);
    expect(await store.readStream('patient-5')).toHaveLength(2);
    expect(outcomes(server, 'patient-5')).toEqual(['ok']);
  });

  it.each([
    ['a timeout', () => new DeadlineExceededError()],
    ['an unavailable server', () => new UnavailableError()],
    ['a leader change', () => Object.assign(Object.create(NotLeaderError.prototype) as Error, { type: 'not-leader', message: 'not leader' })],
  ])('appends again after %s before the write', async (_, error) => {
    const { server, store } = setup();
    server.failAppend((name) => name === `${PREFIX}patient-6`, error);
    const result = await store.appendToStream('patient-6', [newEvent()], { expectedRevision: 'no_stream' });
    expect(result).toMatchObject({ alreadyStored: false, nextExpectedRevision: 0 });
    expect(outcomes(server, 'patient-6')).toEqual(['fault', 'ok']);
  });

  it('claims an event id again after a timeout on its claim', async () => {
    const { server, store } = setup();
    server.failAppend((name) => name.includes('event-id'), () => new DeadlineExceededError(), true);
    await store.appendToStream('patient-7', [newEvent()]);
    expect(await store.readStream('patient-7')).toHaveLength(1);
  });
});
