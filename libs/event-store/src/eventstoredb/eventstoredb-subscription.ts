import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { StoredEvent, Subscription, SubscriptionOptions } from '../port';
import { sleep } from '../subscription';
import type { AllRecord } from './eventstoredb-global-order';
import { isAfter } from './eventstoredb-mapping';

/** What the client's `subscribeToAll` returns, narrowed to what is used here (a fake fits in tests). */
export interface AllSubscriptionSource extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

export interface CatchUpOptions {
  /** Deliver what is buffered once no event has arrived for this long (live, or a quiet catch-up). */
  idleFlushMs?: number;
  /** Back-off before re-subscribing after a transient error (server restart, leader change). */
  retryDelaysMs?: number[];
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];
const MAX_TRANSIENT_FAILURES = 100;
const TRANSIENT_ERROR_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader']);

/**
 * EventStoreDB's catch-up subscription turned into the port's batches. Batches are delivered in
 * order and each `onEvents` is awaited before the next is taken: the client's stream is pulled one
 * event at a time, so a slow consumer stops the reading (backpressure) instead of filling memory.
 * A batch is flushed when it is full (never inside a group of events sharing one commit position:
 * see `readAllAfter`) or when the stream goes quiet. The checkpoint advances only after `onEvents`
 * resolves; a transient error re-subscribes from it, anything else stops with `onError`.
 * `onCaughtUp` means "quiet for idleFlushMs": older servers send no caught-up message, and the
 * client emits it while earlier events may still sit in its buffer. A slow server-side filtered
 * scan can look quiet too, and a quiet flush could split a shared-commit group only if the server
 * paused in the middle of one (legacy transactions only).
 */
export function catchUpSubscription(
  open: (after: number) => AllSubscriptionSource,
  toOwn: (record: AllRecord) => StoredEvent | undefined,
  options: SubscriptionOptions,
  { idleFlushMs = 20, retryDelaysMs = RETRY_DELAYS_MS }: CatchUpOptions = {},
): Subscription {
  const controller = new AbortController();
  const batchSize = options.batchSize ?? 500;
  let checkpoint = options.after;
  let source: AllSubscriptionSource | undefined;

  const consume = async (after: number, onProgress: () => void) => {
    source = open(after);
    const iterator = source[Symbol.asyncIterator]();
    let batch: StoredEvent[] = [];
    let batchCommit: bigint | undefined;
    let idleReported = false;
    const flush = async () => {
      if (batch.length === 0) return;
      const delivering = batch;
      batch = [];
      await options.onEvents(delivering);
      checkpoint = delivering[delivering.length - 1]!.globalPosition;
    };
    let next = pending(iterator.next());
    while (!controller.signal.aborted) {
      // `stop` destroys the source, which ends this wait. (Racing a "stopped" promise here instead
      // would add a reaction to it per event, kept for the subscription's whole life.)
      const idle = batch.length > 0 || !idleReported ? timeout(idleFlushMs) : undefined;
      const outcome = await Promise.race(idle ? [next, idle.promise] : [next]).finally(() => idle?.cancel());
      if (controller.signal.aborted) return;
      if (outcome === 'idle') {
        await flush();
        if (!idleReported) await options.onCaughtUp?.(checkpoint);
        idleReported = true;
        continue;
      }
      if (outcome.done) throw new Error('EventStoreDB ended the $all subscription');
      next = pending(iterator.next());
      idleReported = false;
      onProgress();
      const record = outcome.value.event;
      if (!record || !isAfter(record.position, after)) continue;
      if (batch.length >= batchSize && record.position.commit !== batchCommit) await flush();
      const event = toOwn(record);
      if (!event) continue;
      batch.push(event);
      batchCommit = record.position.commit;
    }
  };

  const close = async () => {
    const current = source;
    source = undefined;
    if (!current) return;
    await current.unsubscribe().catch(() => undefined);
    current.destroy();
  };

  const run = async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        await consume(checkpoint, () => (failures = 0));
      } catch (error) {
        if (controller.signal.aborted) return;
        failures += 1;
        if (!isTransient(error) || failures > MAX_TRANSIENT_FAILURES) throw error;
        await close();
        await sleep(retryDelaysMs[Math.min(failures - 1, retryDelaysMs.length - 1)] ?? 1000, controller.signal);
      }
    }
  };

  const done = run()
    .catch((error: unknown) => {
      if (!controller.signal.aborted) options.onError?.(error);
    })
    .finally(close);

  return {
    done,
    async stop() {
      controller.abort();
      await close();
      await done;
    },
  };
}

function isTransient(error: unknown): boolean {
  return typeof error === 'object' && error !== null && TRANSIENT_ERROR_TYPES.has(String((error as { type?: unknown }).type));
}

/** A promise raced but maybe never awaited again: a late rejection (stream destroyed) must not go unhandled. */
function pending<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function timeout(ms: number): { promise: Promise<'idle'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}
