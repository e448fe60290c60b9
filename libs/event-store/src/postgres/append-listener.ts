import { Client, type Pool } from 'pg';
import { wakeOrTimeout } from '../subscription';

/**
 * One LISTEN connection per store, shared by its subscriptions, to wake them when events are
 * committed (by another process: see AppendNotifier; this process's appends wake them directly). Notifications are only a hint: subscriptions also poll, so a lost connection or a
 * missed notification delays delivery but never loses an event.
 */
export class AppendListener {
  private client?: Client;
  private connecting?: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
  ) {}

  async wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    await this.ensureConnected().catch(() => undefined);
    await wakeOrTimeout(timeoutMs, signal, (wake) => {
      this.waiters.add(wake);
      return () => this.waiters.delete(wake);
    });
  }

  private ensureConnected(): Promise<void> {
    if (this.closed || this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client(this.pool.options);
      client.on('notification', () => this.wakeAll());
      client.on('error', () => {
        // Dropped: the next wait reconnects; polling covers the gap.
        this.client = undefined;
        void client.end().catch(() => undefined);
      });
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Wakes this process's subscriptions at once (its own appends): no round trip through the server. */
  wakeLocal(): void {
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    await this.connecting?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
