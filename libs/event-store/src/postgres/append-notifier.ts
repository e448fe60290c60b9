import type { Pool } from 'pg';

/** At most one NOTIFY per this many milliseconds per store: a wake-up waits that long at most. */
const MIN_INTERVAL_MS = 5;

/**
 * Signals other processes' subscriptions that events were committed, after the commit and off its
 * critical path: at most one NOTIFY in flight, and at most one per MIN_INTERVAL_MS, per store;
 * appends in between are coalesced into the next one (a subscriber reads everything new anyway).
 * A NOTIFY inside the appending transaction would take PostgreSQL's cluster-wide notify lock at
 * commit and serialise every appender's fsync. Its own tiny transaction skips the fsync
 * (synchronous_commit off): a wake-up lost in a crash only delays readers until they poll.
 */
export class AppendNotifier {
  private sending?: Promise<void>;
  private pending = false;
  private lastSentAt = 0;
  private closed = false;
  private readonly statement: string;

  constructor(
    private readonly pool: Pool,
    channel: string,
  ) {
    // One round trip (simple query protocol: several statements, no parameters).
    this.statement = `BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY ${channel}; COMMIT`;
  }

  signal(): void {
    if (this.closed) return;
    if (this.sending) {
      this.pending = true;
      return;
    }
    this.sending = this.send();
  }

  private async send(): Promise<void> {
    do {
      const wait = this.lastSentAt + MIN_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.pending = false;
      this.lastSentAt = Date.now();
      try {
        await this.pool.query(this.statement);
      } catch {
        // Readers poll as well: a lost signal only delays them.
      }
    } while (this.pending && !this.closed);
    this.sending = undefined;
  }

  /** Stops signalling; resolves once the signal in flight (if any) is done with the pool. */
  async close(): Promise<void> {
    this.closed = true;
    await this.sending;
  }
}
