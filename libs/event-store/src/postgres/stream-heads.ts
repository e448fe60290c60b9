import { GENESIS_HASH } from '../port';

/** What a writer must know of a stream to chain the next event's hash. */
export interface StreamHead {
  /** -1 for a stream that does not exist. */
  revision: number;
  hash: string;
  /** Recorded time of the stream's last event (a new one may not be earlier). */
  recordedAt: string | null;
}

export const NO_STREAM_HEAD: StreamHead = { revision: -1, hash: GENESIS_HASH, recordedAt: null };

/**
 * The heads this process last saw (from its reads and appends), bounded, least recently used out.
 * Only a guess: the append function checks it under the stream's lock and answers the real heads
 * when it was wrong (another process wrote, or the entry was evicted), and the writer chains again.
 */
export class StreamHeadCache {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 20_000) {}

  get(streamId: string): StreamHead | undefined {
    const head = this.heads.get(streamId);
    if (head) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    return head;
  }

  set(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }
}

/**
 * This process's estimate of the database server's clock, learned from each append's answer, so
 * `recordedAt` stays the server's time. As NTP does, it trusts the sample with the shortest round
 * trip of the last `WINDOW_MS`: its midpoint is off by at most half that round trip, whereas a slow
 * answer (a lock wait, a loaded server) could put a single sample tens of milliseconds out.
 */
export class ServerClock {
  private static readonly WINDOW_MS = 30_000;
  private offsetMs = 0;
  private best: { offsetMs: number; roundTripMs: number; at: number } | undefined;

  /** `serverNow`: the server's clock in milliseconds since the epoch. */
  observe(serverNow: number, sentAt: number, receivedAt: number): void {
    if (!Number.isFinite(serverNow)) return;
    const sample = { offsetMs: serverNow - (sentAt + receivedAt) / 2, roundTripMs: receivedAt - sentAt, at: receivedAt };
    if (!this.best || this.best.at < receivedAt - ServerClock.WINDOW_MS || sample.roundTripMs <= this.best.roundTripMs) this.best = sample;
    this.offsetMs = this.best.offsetMs;
  }

  /** Milliseconds since the epoch on the server's clock (estimated), never below `floor`. */
  now(floor: string | null = null): string {
    const estimate = Math.floor(Date.now() + this.offsetMs);
    const atLeast = floor === null ? estimate : Math.max(estimate, Date.parse(floor));
    return new Date(atLeast).toISOString();
  }
}
