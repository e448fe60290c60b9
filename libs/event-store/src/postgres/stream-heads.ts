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
 * This process's estimate of the database server's clock, learned from each append's answer
 * (offset from the midpoint of the round trip), so `recordedAt` stays the server's time.
 */
export class ServerClock {
  private offsetMs = 0;

  /** `serverNow`: the server's clock in milliseconds since the epoch. */
  observe(serverNow: number, sentAt: number, receivedAt: number): void {
    if (Number.isFinite(serverNow)) this.offsetMs = serverNow - (sentAt + receivedAt) / 2;
  }

  /** Milliseconds since the epoch on the server's clock (estimated), never below `floor`. */
  now(floor: string | null = null): string {
    const estimate = Math.floor(Date.now() + this.offsetMs);
    const atLeast = floor === null ? estimate : Math.max(estimate, Date.parse(floor));
    return new Date(atLeast).toISOString();
  }
}
