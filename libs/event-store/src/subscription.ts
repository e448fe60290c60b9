import type { ReadAllOptions, StoredEvent, Subscription, SubscriptionOptions } from './port';

export interface PollingSource {
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Resolves when new events may be available, or after `timeoutMs` at the latest. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * Catch-up then live, over any source whose `readAll` never skips an in-flight position. The
 * checkpoint only advances after `onEvents` resolves, so a crash replays the last batch at most
 * (consumers make that harmless with their own stored checkpoint).
 */
export function pollingSubscription(source: PollingSource, options: SubscriptionOptions, idleWaitMs = 1000): Subscription {
  const controller = new AbortController();
  const batchSize = options.batchSize ?? 500;
  let checkpoint = options.after;

  const run = async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      let batch: StoredEvent[];
      try {
        batch = await source.readAll({ after: checkpoint, limit: batchSize });
        failures = 0;
      } catch (error) {
        // Transient store outages are retried with backoff; the consumer's checkpoint is untouched.
        failures += 1;
        if (failures > 1000) throw error;
        await sleep(RETRY_DELAYS_MS[Math.min(failures - 1, RETRY_DELAYS_MS.length - 1)]!, controller.signal);
        continue;
      }
      if (controller.signal.aborted) break;
      if (batch.length === 0) {
        await options.onCaughtUp?.(checkpoint);
        await source.waitForAppend(idleWaitMs, controller.signal);
        continue;
      }
      await options.onEvents(batch);
      checkpoint = batch[batch.length - 1]!.globalPosition;
    }
  };

  const done = run().catch((error: unknown) => {
    if (!controller.signal.aborted) options.onError?.(error);
  });

  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits for a wake-up (registered by `subscribe`, which returns its unsubscribe), a timeout or an
 * abort, whichever comes first, and removes every listener and timer when done (long-lived
 * subscriptions wait thousands of times: nothing may pile up).
 */
export function wakeOrTimeout(timeoutMs: number, signal: AbortSignal, subscribe: (wake: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let unsubscribe = () => undefined as void;
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    signal.addEventListener('abort', finish, { once: true });
    unsubscribe = subscribe(finish);
  });
}
