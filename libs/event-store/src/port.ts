import { z } from 'zod';

/**
 * The event store port. Three adapters implement it (PostgreSQL, EventStoreDB, in-memory) and one
 * contract suite (testing/event-store-contract.ts) holds them to the same guarantees.
 */

export const ROLES = ['clinician', 'auditor', 'researcher', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who caused an event and why; stored with every event (ICH E6(R3): who, when, why). */
export const eventMetadataSchema = z
  .object({
    actor: z.object({ userId: z.string().min(1), role: z.enum(ROLES) }),
    correlationId: z.string().min(1),
    causationId: z.string().min(1).nullable(),
    idempotencyKey: z.string().nullable().optional(),
    requestHash: z.string().optional(),
    reason: z.string().nullable().optional(),
    source: z.enum(['api', 'import', 'worker', 'cli', 'hl7', 'fhir']).optional(),
    importId: z.string().optional(),
    lineNumber: z.number().int().positive().optional(),
  })
  .loose();
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export interface NewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  /** Clinical time (UTC ISO-8601). */
  occurredAt: string;
}

export interface StoredEvent extends NewEvent {
  streamId: string;
  /** 0-based position within the stream. */
  revision: number;
  /** Position in the store's single global order; strictly increasing along `readAll`. */
  globalPosition: number;
  /**
   * Time (UTC ISO-8601) at which the store recorded the event; covered by the hash. PostgreSQL:
   * the database server's clock during the append, as the writer estimated it (the hash is
   * computed before the one-call append) and the server checked under the stream's lock: within
   * one second of `clock_timestamp()` and never below the stream's previous event. EventStoreDB: the writing process's clock
   * when it sends the append (the server's own `created` is known only after the write, too
   * late for the hash), never below the stream's previous event. Along `readAll` it is then not
   * monotonic when several app instances with skewed clocks write: `globalPosition` is the
   * order, `recordedAt` the time (time travel is per stream, where it is monotonic).
   */
  recordedAt: string;
  /** Hash of the previous event of the stream (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 over the canonical encoding of this event and `prevHash`. */
  hash: string;
}

/** `no_stream`: the stream must not exist. A number: the revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** Global positions of the appended events, in order. */
  positions: number[];
  /** True when every event id was already stored: nothing was written this time. */
  alreadyStored: boolean;
}

export interface BatchAppendSummary {
  streams: number;
  events: number;
  /** Events that were already stored (idempotent retry), included in `events`. */
  alreadyStored: number;
  firstPosition: number | null;
  lastPosition: number | null;
}

export function summarise(summary: BatchAppendSummary, results: AppendResult[]): BatchAppendSummary {
  for (const result of results) {
    summary.streams += 1;
    summary.events += result.positions.length;
    if (result.alreadyStored) summary.alreadyStored += result.positions.length;
    for (const position of result.positions) {
      summary.firstPosition = summary.firstPosition === null ? position : Math.min(summary.firstPosition, position);
      summary.lastPosition = summary.lastPosition === null ? position : Math.max(summary.lastPosition, position);
    }
  }
  return summary;
}

export const emptySummary = (): BatchAppendSummary => ({ streams: 0, events: 0, alreadyStored: 0, firstPosition: null, lastPosition: null });

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Only events recorded at or before this time (time travel). */
  toRecordedAt?: string;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a global position greater than this. 0 reads from the start. */
  after?: number;
  limit?: number;
}

export interface SubscriptionOptions {
  /** Exclusive checkpoint to resume after (0 = from the beginning). */
  after: number;
  batchSize?: number;
  /** Called with each batch in global order; the next batch waits for it to resolve. */
  onEvents: (events: StoredEvent[]) => Promise<void>;
  /**
   * Called when the subscription stops on an error it cannot retry past (or an error of the
   * consumer's own callbacks). Adapters retry transient failures themselves; after this, nothing
   * more is delivered, so every consumer passes it and reacts (restart from its checkpoint, or
   * end what it feeds).
   */
  onError?: (error: unknown) => void;
  /** Caught up with the head of the store (called, and awaited, each time it becomes idle). */
  onCaughtUp?: (position: number) => void | Promise<void>;
}

export interface Subscription {
  stop(): Promise<void>;
  /** Resolves when the subscription has stopped (by `stop` or an error). */
  readonly done: Promise<void>;
}

export interface EventStore {
  readonly kind: 'postgres' | 'eventstoredb' | 'memory';
  appendToStream(streamId: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams as one unit where the adapter can (PostgreSQL, memory). EventStoreDB
   * has no multi-stream transactions: see its adapter for what it guarantees instead.
   */
  appendMany(requests: AppendRequest[]): Promise<AppendResult[]>;
  /**
   * Appends a long sequence of requests (e.g. a 100,000-line import) without holding it all in
   * memory: on PostgreSQL and in memory, in one transaction, all or nothing. Requests should come
   * sorted by stream id (locks are taken in that order). EventStoreDB appends batch by batch.
   */
  appendBatches(batches: AsyncIterable<AppendRequest[]>): Promise<BatchAppendSummary>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Several whole streams at once (one statement on PostgreSQL): each id maps to its events in
   * order, an empty list for a stream that does not exist.
   */
  readStreams(streamIds: ReadonlyArray<string>): Promise<Map<string, StoredEvent[]>>;
  /**
   * Events in global order. Never returns an event while an earlier position may still be committed
   * by a transaction in flight: a batch stops before such a gap.
   */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catch-up from the checkpoint, then live. */
  subscribeToAll(options: SubscriptionOptions): Subscription;
  /** The highest global position that `readAll` can currently return (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId} is at revision ${actual}, expected ${expected}`);
    this.name = 'ConcurrencyError';
  }
}

/** The same event id sent again with different content, to a different stream, or mixed with new ids. */
export class IdempotencyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdempotencyError';
  }
}

export const GENESIS_HASH = '0'.repeat(64);

export function checkExpectedRevision(streamId: string, expected: ExpectedRevision | undefined, current: number): void {
  if (expected === undefined || expected === 'any') return;
  const actual = current < 0 ? 'no_stream' : current;
  if (expected === 'no_stream' && current >= 0) throw new ConcurrencyError(streamId, expected, actual);
  if (expected === 'stream_exists' && current < 0) throw new ConcurrencyError(streamId, expected, actual);
  if (typeof expected === 'number' && expected !== current) throw new ConcurrencyError(streamId, expected, actual);
}
