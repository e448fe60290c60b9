import type { StoredEvent, Subscription, SubscriptionOptions } from '../port';
import { sleep } from '../subscription';
import type { AllSubscriptionSource } from './eventstoredb-client';
import type { AllRecord } from './eventstoredb-global-order';
import { isAfter } from './eventstoredb-mapping';
import { isRetryableSubscriptionError } from './eventstoredb-retry';
import { SourceFailure, SubscriptionFeed } from './eventstoredb-subscription-feed';

export interface CatchUpOptions {
  /** While catching up, deliver a partial batch once the server has sent nothing for this long. */
  idleFlushMs?: number;
  /** Back-off before re-subscribing after the source failed or ended. */
  retryDelaysMs?: number[];
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];
/** Consecutive failures without an event in between before giving up (over an hour at 5 s). */
const MAX_FAILURES = 1000;

/**
 * EventStoreDB's catch-up subscription turned into the port's batches. Batches are delivered in
 * order and each `onEvents` is awaited before the next event is taken (backpressure). A batch is
 * delivered when full (never inside a group of events sharing one commit position: see
 * `readAllAfter`), when the subscription is at the head (the server's caughtUp, see
 * SubscriptionFeed), or, while catching up, when the server pauses. `onCaughtUp` is called at the
 * head only, once each time it becomes idle there.
 *
 * The checkpoint advances only after `onEvents` resolves. Whatever the source does (a server error
 * such as cancelled, unknown, unavailable, not-leader or a deadline, or a clean end) re-subscribes
 * from the checkpoint after a back-off, except access denied and invalid argument, which no retry
 * mends: those, errors of the consumer's own callbacks, and unreadable events of this store stop
 * the subscription with `onError`.
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
    const feed = new SubscriptionFeed((source = open(after)), controller.signal);
    let batch: StoredEvent[] = [];
    let batchCommit: bigint | undefined;
    let idleReported = false;
    const flush = async () => {
      const delivering = batch;
      batch = [];
      await options.onEvents(delivering);
      checkpoint = delivering[delivering.length - 1]!.globalPosition;
    };
    try {
      while (!controller.signal.aborted) {
        const item = feed.next();
        if (item) {
          onProgress();
          idleReported = false;
          const record = item.event;
          if (!record || !isAfter(record.position, after)) continue;
          if (batch.length >= batchSize && record.position.commit !== batchCommit) await flush();
          const event = toOwn(record);
          if (!event) continue;
          batch.push(event);
          batchCommit = record.position.commit;
        } else if (feed.atHead && batch.length > 0) {
          await flush();
        } else if (feed.atHead && !idleReported) {
          idleReported = true;
          await options.onCaughtUp?.(checkpoint);
        } else if ((await feed.wait(batch.length > 0 ? idleFlushMs : undefined)) === 'timeout') {
          await flush();
        }
      }
    } finally {
      feed.dispose();
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
        if (!(error instanceof SourceFailure)) throw error;
        failures += 1;
        if (!isRetryableSubscriptionError(error.reason) || failures > MAX_FAILURES) throw error.reason;
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
