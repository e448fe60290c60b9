import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  NotLeaderError,
  UnavailableError,
  UnknownError,
} from '@eventstore/db-client';
import type { StoredEvent, SubscriptionOptions } from '../port';
import { newEvent } from '../testing/event-store-contract';
import type { AllRecord } from './eventstoredb-global-order';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { isOwnRecord, toGlobalPosition } from './eventstoredb-mapping';
import { catchUpSubscription } from './eventstoredb-subscription';
import { FakeEventStoreDb, type FakeOptions } from './testing/fake-eventstoredb';
import { FakeSubscription } from './testing/fake-subscription';

function setup(options: FakeOptions = {}) {
  const server = new FakeEventStoreDb(options);
  return { server, store: EventStoreDbEventStore.over(server, { streamPrefix: 's-' }) };
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Collects what a subscription hands over. */
function recorder(overrides: Partial<SubscriptionOptions> = {}) {
  const batches: StoredEvent[][] = [];
  const caughtUp: number[] = [];
  const errors: unknown[] = [];
  const options: SubscriptionOptions = {
    after: 0,
    onEvents: async (batch) => void batches.push(batch),
    onCaughtUp: (position) => void caughtUp.push(position),
    onError: (error) => void errors.push(error),
    ...overrides,
  };
  return { options, batches, caughtUp, errors, ids: () => batches.flat().map((event) => event.eventId) };
}

const notLeader = () => Object.assign(Object.create(NotLeaderError.prototype) as Error, { type: 'not-leader', message: 'not leader' });

describe('a catch-up subscription over EventStoreDB', () => {
  it('delivers the events after its checkpoint in full batches, then live ones, and reports caught up at the last one', async () => {
    const { store } = setup();
    const first = await store.appendToStream('patient-1', [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()]);
    const seen = recorder({ after: first.positions[0]!, batchSize: 2 });
    const subscription = store.subscribeToAll(seen.options);
    await waitFor(() => seen.caughtUp.length > 0);
    expect(seen.caughtUp).toEqual([first.positions[4]]);
    const live = await store.appendToStream('patient-1', [newEvent()]);
    await waitFor(() => seen.ids().length === 5);
    await waitFor(() => seen.caughtUp.length === 2);
    await subscription.stop();

    expect(seen.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(seen.batches.flat().map((event) => event.globalPosition)).toEqual([...first.positions.slice(1), ...live.positions]);
    expect(seen.caughtUp).toEqual([first.positions[4], live.positions[0]]);
    expect(seen.errors).toEqual([]);
  });

  it('reports caught up when the server says so, not when a slow catch-up pauses between pages', async () => {
    const { store } = setup({ catchUpPage: 1, catchUpPauseMs: 40 });
    const written = await store.appendToStream('patient-2', [newEvent(), newEvent(), newEvent()]);
    const seen = recorder({ batchSize: 100 });
    const subscription = store.subscribeToAll(seen.options);
    await waitFor(() => seen.caughtUp.length > 0);
    await subscription.stop();
    expect(seen.caughtUp).toEqual([written.positions[2]]);
    expect(seen.ids()).toHaveLength(3);
  });

  it('waits for each batch before taking the next', async () => {
    const { store } = setup();
    await store.appendToStream('patient-3', Array.from({ length: 10 }, () => newEvent()));
    let inFlight = 0;
    let overlapped = false;
    const seen = recorder({
      batchSize: 3,
      onEvents: async (batch) => {
        inFlight += 1;
        overlapped ||= inFlight > 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.batches.push(batch);
        inFlight -= 1;
      },
    });
    const subscription = store.subscribeToAll(seen.options);
    await waitFor(() => seen.ids().length === 10);
    await subscription.stop();
    expect(overlapped).toBe(false);
  });

  it.each([
    ['cancelled by the server', () => new CancelledError()],
    ['reset mid-stream (unknown, e.g. RST_STREAM during a restart)', () => new UnknownError()],
    ['unavailable', () => new UnavailableError()],
    ['past its deadline', () => new DeadlineExceededError()],
    ['on a node that lost leadership', notLeader],
    ['ended cleanly by the server', () => 'end' as const],
  ])('re-subscribes from its checkpoint when %s, without repeating or losing events', async (_, failure) => {
    const { server, store } = setup();
    const before = await store.appendToStream('patient-4', [newEvent(), newEvent()]);
    const seen = recorder();
    const subscription = store.subscribeToAll(seen.options);
    await waitFor(() => seen.ids().length === 2);
    server.breakSubscriptions(failure());
    const during = await store.appendToStream('patient-4', [newEvent()]);
    await waitFor(() => server.openSubscriptions.length === 1);
    const after = await store.appendToStream('patient-4', [newEvent()]);
    await waitFor(() => seen.ids().length === 4);
    await subscription.stop();

    expect(seen.errors).toEqual([]);
    expect(seen.batches.flat().map((event) => event.globalPosition)).toEqual([...before.positions, ...during.positions, ...after.positions]);
  });

  it.each([
    ['access denied', () => new AccessDeniedError()],
    ['an invalid argument', () => new InvalidArgumentError('bad filter')],
  ])('stops with onError on %s, which no retry can mend', async (_, failure) => {
    const { server, store } = setup();
    const seen = recorder();
    const subscription = store.subscribeToAll(seen.options);
    await waitFor(() => server.openSubscriptions.length === 1);
    server.breakSubscriptions(failure());
    await subscription.done;
    expect(seen.errors).toHaveLength(1);
    expect(server.calls.filter((call) => call.op === 'subscribe')).toHaveLength(1);
  });

  it('stops with onError when the consumer fails, without retrying the batch itself', async () => {
    const { server, store } = setup();
    await store.appendToStream('patient-5', [newEvent()]);
    const seen = recorder({ onEvents: async () => Promise.reject(new Error('projection failed')) });
    const subscription = store.subscribeToAll(seen.options);
    await subscription.done;
    expect(seen.errors).toEqual([new Error('projection failed')]);
    expect(server.calls.filter((call) => call.op === 'subscribe')).toHaveLength(1);
  });

  it('stops on request while a batch is being handled, and delivers nothing after', async () => {
    const { store } = setup();
    await store.appendToStream('patient-6', [newEvent()]);
    let release!: () => void;
    const handled: StoredEvent[][] = [];
    const subscription = store.subscribeToAll({
      after: 0,
      onEvents: async (batch) => {
        await new Promise<void>((resolve) => (release = resolve));
        handled.push(batch);
      },
    });
    await waitFor(() => release !== undefined);
    const stopping = subscription.stop();
    await store.appendToStream('patient-6', [newEvent()]);
    release();
    await stopping;
    expect(handled.flat()).toHaveLength(1);
  });
});

describe('events sharing one commit position (legacy TCP transactions)', () => {
  const record = (commit: number, prepare = commit): AllRecord => ({
    streamId: 's',
    id: `s@${commit}/${prepare}`,
    revision: 0n,
    type: 'ThingHappened',
    isJson: true,
    data: {},
    metadata: {},
    position: { commit: BigInt(commit), prepare: BigInt(prepare) },
  });
  const toOwn = (r: AllRecord) => (isOwnRecord('', r) ? ({ eventId: r.id, globalPosition: toGlobalPosition(r.position) } as StoredEvent) : undefined);

  it('stay in one batch, past the batch size', async () => {
    const source = new FakeSubscription(() => true);
    for (const r of [record(100), record(900, 200), record(900, 300), record(1000)]) source.deliver({ event: r, commitPosition: r.position.commit } as never);
    source.caughtUp();
    const seen = recorder({ batchSize: 2 });
    const subscription = catchUpSubscription(() => source, toOwn, seen.options);
    await waitFor(() => seen.ids().length === 4);
    await subscription.stop();
    expect(seen.batches.map((batch) => batch.length)).toEqual([3, 1]);
  });
});
