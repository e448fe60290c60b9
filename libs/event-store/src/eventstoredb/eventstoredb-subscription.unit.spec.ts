import { PassThrough } from 'node:stream';
import type { StoredEvent } from '../port';
import type { AllRecord } from './eventstoredb-global-order';
import { isOwnRecord, toGlobalPosition } from './eventstoredb-mapping';
import { type AllSubscriptionSource, catchUpSubscription } from './eventstoredb-subscription';

function record(streamId: string, commit: number, prepare = commit): AllRecord {
  return {
    streamId,
    id: `${streamId}@${commit}/${prepare}`,
    revision: 0n,
    type: 'ThingHappened',
    isJson: true,
    data: {},
    metadata: {},
    position: { commit: BigInt(commit), prepare: BigInt(prepare) },
  };
}

const toOwn = (r: AllRecord) => (isOwnRecord('', r) ? ({ eventId: r.id, globalPosition: toGlobalPosition(r.position) } as StoredEvent) : undefined);

/** A fake server: each subscription replays the log from `after` (inclusively, to prove the filter), then stays open for live appends. */
function fakeServer(log: AllRecord[]) {
  const opened: number[] = [];
  const sources: (PassThrough & AllSubscriptionSource)[] = [];
  const open = (after: number) => {
    opened.push(after);
    const source = Object.assign(new PassThrough({ objectMode: true }), { unsubscribe: jest.fn(async () => undefined) });
    for (const r of log) if (r.position.commit >= BigInt(after)) source.write({ event: r, commitPosition: r.position.commit });
    sources.push(source);
    return source;
  };
  const append = (r: AllRecord) => {
    log.push(r);
    sources[sources.length - 1]!.write({ event: r, commitPosition: r.position.commit });
  };
  return { open, opened, sources, append };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ids = (batches: StoredEvent[][]) => batches.flat().map((event) => event.eventId);

describe('a catch-up subscription over EventStoreDB', () => {
  it('delivers own events after the checkpoint in full batches, then what arrives live once the stream goes quiet', async () => {
    const server = fakeServer([record('s', 100), record('$stats', 150), record('s', 200), record('s', 300), record('s', 400), record('s', 500)]);
    const batches: StoredEvent[][] = [];
    const caughtUp: number[] = [];
    const subscription = catchUpSubscription(server.open, toOwn, {
      after: 100,
      batchSize: 2,
      onEvents: async (batch) => void batches.push(batch),
      onCaughtUp: (position) => void caughtUp.push(position),
    });
    await waitFor(() => caughtUp.length > 0);
    server.append(record('s', 600));
    await waitFor(() => ids(batches).length === 5);
    await subscription.stop();

    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(ids(batches)).toEqual(['s@200/200', 's@300/300', 's@400/400', 's@500/500', 's@600/600']);
    expect(caughtUp[0]).toBe(500);
    expect(server.sources[0]!.unsubscribe).toHaveBeenCalled();
  });

  it('waits for each batch before taking the next', async () => {
    const server = fakeServer(Array.from({ length: 10 }, (_, i) => record('s', 100 + i * 10)));
    let inFlight = 0;
    let overlapped = false;
    const batches: StoredEvent[][] = [];
    const subscription = catchUpSubscription(server.open, toOwn, {
      after: 0,
      batchSize: 3,
      onEvents: async (batch) => {
        inFlight += 1;
        overlapped ||= inFlight > 1;
        await new Promise((resolve) => setTimeout(resolve, 30));
        batches.push(batch);
        inFlight -= 1;
      },
    });
    await waitFor(() => ids(batches).length === 10);
    await subscription.stop();
    expect(overlapped).toBe(false);
    expect(ids(batches)).toEqual(Array.from({ length: 10 }, (_, i) => `s@${100 + i * 10}/${100 + i * 10}`));
  });

  it('keeps events sharing one commit position in one batch, past the batch size', async () => {
    const server = fakeServer([record('s', 100), record('s', 900, 200), record('s', 900, 300), record('s', 1000)]);
    const batches: StoredEvent[][] = [];
    const subscription = catchUpSubscription(server.open, toOwn, { after: 0, batchSize: 2, onEvents: async (batch) => void batches.push(batch) });
    await waitFor(() => ids(batches).length === 4);
    await subscription.stop();
    expect(batches.map((batch) => batch.length)).toEqual([3, 1]);
  });

  it('re-subscribes from its checkpoint after a transient error, without repeating or losing events', async () => {
    const server = fakeServer([record('s', 100), record('s', 200)]);
    const batches: StoredEvent[][] = [];
    const subscription = catchUpSubscription(
      server.open,
      toOwn,
      { after: 0, onEvents: async (batch) => void batches.push(batch) },
      { retryDelaysMs: [1] },
    );
    await waitFor(() => ids(batches).length === 2);
    server.append(record('s', 300));
    server.sources[0]!.destroy(Object.assign(new Error('connection lost'), { type: 'unavailable' }));
    await waitFor(() => server.opened.length === 2);
    server.append(record('s', 400));
    await waitFor(() => ids(batches).length === 4);
    await subscription.stop();
    expect(server.opened[1]).toBe(200);
    expect(ids(batches)).toEqual(['s@100/100', 's@200/200', 's@300/300', 's@400/400']);
  });

  it('stops with onError on an error it cannot retry past', async () => {
    const server = fakeServer([record('s', 100)]);
    const errors: unknown[] = [];
    const subscription = catchUpSubscription(server.open, toOwn, { after: 0, onEvents: async () => undefined, onError: (error) => errors.push(error) });
    await waitFor(() => server.sources.length === 1);
    server.sources[0]!.destroy(Object.assign(new Error('access denied'), { type: 'access-denied' }));
    await subscription.done;
    expect(errors).toHaveLength(1);
    expect(server.opened).toHaveLength(1);
  });

  it('stops on request while a batch is being handled, and delivers nothing after', async () => {
    const server = fakeServer([record('s', 100)]);
    let release!: () => void;
    const handled: StoredEvent[][] = [];
    const subscription = catchUpSubscription(server.open, toOwn, {
      after: 0,
      onEvents: async (batch) => {
        await new Promise<void>((resolve) => (release = resolve));
        handled.push(batch);
      },
    });
    await waitFor(() => release !== undefined);
    const stopping = subscription.stop();
    server.append(record('s', 200));
    release();
    await stopping;
    await subscription.done;
    expect(ids(handled)).toEqual(['s@100/100']);
  });
});
