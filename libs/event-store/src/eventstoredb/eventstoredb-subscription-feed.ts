import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { AllSubscriptionSource } from './eventstoredb-client';

/** Something the subscription source did that ends this subscription attempt (it is then re-opened or given up). */
export class SourceFailure extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'SourceFailure';
  }
}

/** The server closed the subscription without an error (e.g. a node shutting down). */
export class SubscriptionEndedError extends Error {
  constructor() {
    super('EventStoreDB ended the $all subscription');
    this.name = 'SubscriptionEndedError';
  }
}

/**
 * Reads a subscription source one event at a time (paused mode: nothing is pulled ahead of the
 * consumer, so a slow consumer stops the reading) and knows when the subscription is at the head:
 * every event the server sent before its latest `caughtUp` has been taken. The client emits
 * `caughtUp` when that message passes through its stream, after the events before it were
 * buffered, so "taken + still buffered" at that moment marks the head.
 */
export class SubscriptionFeed {
  private taken = 0;
  private caughtUpAt: number | undefined;
  private ended = false;
  private failure: { reason: unknown } | undefined;
  private wake: (() => void) | undefined;
  private signalled = false;

  constructor(
    private readonly source: AllSubscriptionSource,
    private readonly signal: AbortSignal,
  ) {
    source.on('readable', this.notify);
    source.on('end', () => {
      this.ended = true;
      this.notify();
    });
    source.on('error', (reason) => {
      this.failure ??= { reason };
      this.notify();
    });
    source.on('caughtUp', () => {
      this.caughtUpAt = this.taken + source.readableLength;
      this.notify();
    });
    // Sent by servers that can tell (not 25.0): the head is behind us again until the next caughtUp.
    source.on('fellBehind', () => (this.caughtUpAt = undefined));
    signal.addEventListener('abort', this.notify, { once: true });
  }

  /** The next event, or null when none is buffered; throws SourceFailure once the source failed or ended. */
  next(): AllStreamResolvedEvent | null {
    if (this.failure) throw new SourceFailure(this.failure.reason);
    const item = this.source.read();
    if (item !== null) {
      this.taken += 1;
      return item;
    }
    if (this.ended) throw new SourceFailure(new SubscriptionEndedError());
    return null;
  }

  get atHead(): boolean {
    return this.caughtUpAt !== undefined && this.taken >= this.caughtUpAt && this.source.readableLength === 0;
  }

  /** Resolves at the source's next signal (an event, caughtUp, an end, an error, the abort), or after `timeoutMs`. */
  wait(timeoutMs?: number): Promise<'signal' | 'timeout'> {
    if (this.signalled || this.signal.aborted) {
      this.signalled = false;
      return Promise.resolve('signal');
    }
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish('timeout'), timeoutMs);
      const finish = (outcome: 'signal' | 'timeout') => {
        clearTimeout(timer);
        this.wake = undefined;
        this.signalled = false;
        resolve(outcome);
      };
      this.wake = () => finish('signal');
    });
  }

  dispose(): void {
    this.signal.removeEventListener('abort', this.notify);
  }

  private readonly notify = () => {
    if (this.wake) this.wake();
    else this.signalled = true;
  };
}
