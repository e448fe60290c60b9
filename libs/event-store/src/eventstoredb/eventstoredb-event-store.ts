import { BACKWARDS, END, EventStoreDBClient, type ReadPosition, streamNameFilter } from '@eventstore/db-client';
import {
  type AppendRequest,
  type AppendResult,
  type BatchAppendSummary,
  checkExpectedRevision,
  emptySummary,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type Subscription,
  type SubscriptionOptions,
  summarise,
} from '../port';
import { EventIdClaims } from './event-id-claims';
import { type AllRecord, readAllAfter } from './eventstoredb-global-order';
import {
  assertStreamPrefix,
  esdbStreamName,
  isOwnRecord,
  ownStreamsRegex,
  portStreamId,
  readPositionAfter,
  toAppendExpectedRevision,
  toConcurrencyError,
  toGlobalPosition,
} from './eventstoredb-mapping';
import { readAllForwards, readAllNewest, readStreamRecords } from './eventstoredb-reads';
import {
  alreadyStored,
  type ChainedEvent,
  chainEvents,
  headOf,
  type StreamHead,
  toEventData,
  toStoredEvent,
  validateRequests,
} from './eventstoredb-records';
import { catchUpSubscription } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** e.g. esdb://127.0.0.1:2113?tls=false */
  connectionString: string;
  /**
   * Prepended to every stream name, so several stores (tests, tenants) can share one server: each
   * one's `readAll`, `subscribeToAll` and `headPosition` see only its own streams.
   */
  streamPrefix?: string;
}

/** Read-hash-append rounds before a writer that keeps losing races gives up with ConcurrencyError. */
const MAX_ATTEMPTS = 5;
/** How far back `headPosition` looks for this store's newest event before settling for an equivalent position. */
const HEAD_SCAN_LIMIT = 1000;

/**
 * The event store port over EventStoreDB / KurrentDB (gRPC client). See README.md in this folder
 * for what it guarantees and where it differs from PostgreSQL: no multi-stream atomicity, and an
 * extra claim write per event for store-wide idempotency.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly claims: EventIdClaims;
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
  ) {
    this.claims = new EventIdClaims(client, prefix);
  }

  /** Connects and makes one read, so a wrong address fails at start-up rather than on the first command. */
  static async create({ connectionString, streamPrefix = '' }: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    assertStreamPrefix(streamPrefix);
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      await readAllNewest(client, 1);
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return new EventStoreDbEventStore(client, streamPrefix);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]);
    return result!;
  }

  /**
   * Not atomic across streams: EventStoreDB has no multi-stream transaction. Every request is
   * checked first (expected revision, idempotency) so a batch that would fail on a later stream
   * writes nothing, but a failure during the writes (a race lost on a later stream, a crash, the
   * network) leaves the earlier streams appended. Callers that need all-or-nothing across streams
   * (the import) use deterministic event ids and retry the whole call: the streams already written
   * answer `alreadyStored` and the rest are appended.
   */
  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateRequests(requests);
    const claimedBefore = await this.claims.claim(requests);
    if (requests.length > 1) {
      for (const request of requests) await this.inspect(request, claimedBefore.has(request.streamId));
    }
    const results: AppendResult[] = [];
    for (const request of requests) results.push(await this.appendOne(request, claimedBefore.has(request.streamId)));
    return results;
  }

  /**
   * Batch by batch through `appendMany`, holding one batch in memory at a time. Each batch is
   * checked before it is written, but batches already written stay written when a later one
   * fails: the import's retry with the same event ids completes the rest (see `appendMany`).
   */
  async appendBatches(batches: AsyncIterable<AppendRequest[]>): Promise<BatchAppendSummary> {
    const summary = emptySummary();
    const seen = new Set<string>();
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      for (const request of batch) {
        if (seen.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears in two batches`);
        seen.add(request.streamId);
      }
      summarise(summary, await this.appendMany(batch));
    }
    return summary;
  }

  /**
   * Reads the stream's head, chains the hashes onto it and appends with the head's exact revision,
   * so the chain cannot fork. When another writer gets in between, EventStoreDB refuses the append
   * and the round starts again: the caller's expectation ('any', 'stream_exists') may still hold,
   * a specific one (a revision, 'no_stream') then fails with ConcurrencyError.
   */
  private async appendOne(request: AppendRequest, maybeRetry: boolean): Promise<AppendResult> {
    const name = esdbStreamName(this.prefix, request.streamId);
    for (let attempt = 1; ; attempt++) {
      const { existing, head } = await this.inspect(request, maybeRetry);
      if (existing) return existing;
      const chained = chainEvents(request.streamId, request.events, head, new Date());
      try {
        const written = await this.client.appendToStream(name, chained.map(toEventData), {
          expectedRevision: toAppendExpectedRevision(head ? head.revision : 'no_stream'),
        });
        return await this.readBack(request, chained, Number(written.nextExpectedRevision));
      } catch (error) {
        const conflict = toConcurrencyError(error, request.streamId, request.expectedRevision ?? 'any');
        if (!conflict) throw error;
        if (attempt >= MAX_ATTEMPTS) throw conflict;
        // The writer that got in first may have been sending these very events (a retry racing itself).
        maybeRetry = true;
      }
    }
  }

  /** The stream's head, and the earlier result when the request is a retry of a stored append. */
  private async inspect(request: AppendRequest, maybeRetry: boolean): Promise<{ existing?: AppendResult; head?: StreamHead }> {
    const name = esdbStreamName(this.prefix, request.streamId);
    const [last] = await readStreamRecords(this.client, name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const head = headOf(last && toStoredEvent(last, request.streamId));
    if (maybeRetry && head) {
      const existing = alreadyStored(request, await this.findByIds(request, 0), head.revision);
      if (existing) return { existing, head };
    }
    checkExpectedRevision(request.streamId, request.expectedRevision, head?.revision ?? -1);
    return { head };
  }

  /**
   * Positions of the events just appended (the append reply carries one position for the batch).
   * EventStoreDB answers a duplicate of a recent write with success and writes nothing: then the
   * stored copies carry the first writer's hashes, and the result says `alreadyStored`.
   */
  private async readBack(request: AppendRequest, chained: ChainedEvent[], lastRevision: number): Promise<AppendResult> {
    let found = await this.findByIds(request, Math.max(0, lastRevision - request.events.length + 1));
    if (found.size < request.events.length) found = await this.findByIds(request, 0);
    const stored = request.events.map((event) => found.get(event.eventId));
    if (stored.some((event) => event === undefined)) {
      throw new Error(`EventStoreDB acknowledged the append to ${request.streamId} but its events cannot be read back`);
    }
    return {
      streamId: request.streamId,
      nextExpectedRevision: lastRevision,
      positions: stored.map((event) => event!.globalPosition),
      alreadyStored: stored.some((event, index) => event!.hash !== chained[index]!.hash),
    };
  }

  /**
   * The request's events found in its stream from `fromRevision` on. Only called for a possible
   * retry (a claim existed) or to read back a write, so reading the stream to its end is the rare
   * path, with no bound: a retry must be recognised however long ago the first attempt was.
   */
  private async findByIds(request: AppendRequest, fromRevision: number): Promise<Map<string, StoredEvent>> {
    const ids = new Set(request.events.map((event) => event.eventId));
    const records = await readStreamRecords(this.client, esdbStreamName(this.prefix, request.streamId), { fromRevision: BigInt(fromRevision) });
    const found = new Map<string, StoredEvent>();
    for (const record of records) if (ids.has(record.id)) found.set(record.id, toStoredEvent(record, request.streamId));
    return found;
  }

  /**
   * With `toRecordedAt` the stream is read from `fromRevision` to its end and filtered here (the
   * server cannot filter on our metadata); patient and alert streams are small enough for that.
   */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    if (options.limit === 0) return [];
    const until = options.toRecordedAt === undefined ? undefined : Date.parse(options.toRecordedAt);
    if (until !== undefined && Number.isNaN(until)) throw new RangeError(`toRecordedAt is not a timestamp: ${options.toRecordedAt}`);
    const records = await readStreamRecords(this.client, esdbStreamName(this.prefix, streamId), {
      fromRevision: BigInt(options.fromRevision ?? 0),
      ...(until === undefined && options.limit !== undefined ? { maxCount: options.limit } : {}),
    });
    const events = records.map((record) => toStoredEvent(record, streamId));
    const visible = until === undefined ? events : events.filter((event) => Date.parse(event.recordedAt) <= until);
    return options.limit === undefined ? visible : visible.slice(0, options.limit);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const readPage = (from: ReadPosition, maxCount: number) => readAllForwards(this.client, from, maxCount);
    return readAllAfter(readPage, (record) => this.toOwnEvent(record), options.after ?? 0, options.limit ?? 1000);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    const subscription = catchUpSubscription(
      (after) =>
        this.client.subscribeToAll({
          fromPosition: readPositionAfter(after),
          filter: streamNameFilter({ regex: ownStreamsRegex(this.prefix) }),
        }),
      (record) => this.toOwnEvent(record),
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /**
   * The commit position of this store's newest event. If none is among the newest HEAD_SCAN_LIMIT
   * records of $all (a fresh prefix on a shared server), the oldest of those records' position is
   * returned instead: nothing of ours lies after it, so it is an equivalent checkpoint, found
   * without scanning the whole log.
   */
  async headPosition(): Promise<number> {
    for (const maxCount of [1, HEAD_SCAN_LIMIT]) {
      const recent = await readAllNewest(this.client, maxCount);
      const newestOwn = recent.find((record) => isOwnRecord(this.prefix, record));
      if (newestOwn) return toGlobalPosition(newestOwn.position);
      if (recent.length < maxCount) return 0;
      if (maxCount === HEAD_SCAN_LIMIT) return toGlobalPosition(recent[recent.length - 1]!.position);
    }
    return 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private toOwnEvent(record: AllRecord): StoredEvent | undefined {
    if (!isOwnRecord(this.prefix, record)) return undefined;
    return toStoredEvent(record, portStreamId(this.prefix, record.streamId)!);
  }
}
