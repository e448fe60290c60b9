import { END, type ReadPosition, streamNameFilter } from '@eventstore/db-client';
import {
  type AppendRequest,
  type AppendResult,
  type BatchAppendSummary,
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
import { AppendTooLargeError, appendSize, DEFAULT_MAX_APPEND_SIZE } from './append-size';
import { EventIdClaims } from './event-id-claims';
import { StreamAppender } from './eventstoredb-appender';
import { connectEsdbClient, type EsdbClient } from './eventstoredb-client';
import { type AllRecord, readAllAfter } from './eventstoredb-global-order';
import { assertStreamPrefix, comparePositions, esdbStreamName, isOwnRecord, ownStreamsRegex, portStreamId, readPositionAfter, toGlobalPosition } from './eventstoredb-mapping';
import { readAllBackwards, readAllForwards, readStreamRecords } from './eventstoredb-reads';
import { chainEvents, isAdapterRecord, toEventData, toStoredEvent, validateRequests } from './eventstoredb-records';
import { DEFAULT_TIMING, type RetryTiming } from './eventstoredb-retry';
import { catchUpSubscription } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /** esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://, e.g. esdb://127.0.0.1:2113?tls=false */
  connectionString: string;
  /**
   * Prepended to every stream name, so several stores (tests, tenants) can share one server: each
   * one's `readAll`, `subscribeToAll` and `headPosition` see only its own streams.
   */
  streamPrefix?: string;
  /** The server's MaxAppendSize in bytes (KURRENTDB_MAX_APPEND_SIZE); larger appends are refused before anything is written. */
  maxAppendSize?: number;
}

/** Pages of the backward scan for this store's newest event: the first record is usually ours. */
const HEAD_SCAN_PAGES = [1, 64, 1024];
const HEAD_SCAN_PAGE = 4096;

/**
 * The event store port over EventStoreDB / KurrentDB (gRPC client). See README.md in this folder
 * for what it guarantees and where it differs from PostgreSQL: no multi-stream atomicity, and an
 * extra claim write per event for store-wide idempotency.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly claims: EventIdClaims;
  private readonly appender: StreamAppender;
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: EsdbClient,
    private readonly prefix: string,
    private readonly maxAppendSize: number,
    timing: RetryTiming,
  ) {
    assertStreamPrefix(prefix);
    if (!Number.isSafeInteger(maxAppendSize) || maxAppendSize <= 0) throw new RangeError(`maxAppendSize must be a positive integer, got ${maxAppendSize}`);
    this.claims = new EventIdClaims(client, prefix, timing);
    this.appender = new StreamAppender(client, prefix, timing);
  }

  /** Connects and makes one read, so a wrong address fails at start-up rather than on the first command. */
  static async create({ connectionString, ...options }: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = connectEsdbClient(connectionString);
    try {
      const store = EventStoreDbEventStore.over(client, options);
      await readAllBackwards(client, END, 1);
      return store;
    } catch (error) {
      await client.dispose();
      throw error;
    }
  }

  /** Over a client already made (the unit tests' fake server). */
  static over(client: EsdbClient, { streamPrefix = '', maxAppendSize = DEFAULT_MAX_APPEND_SIZE, timing = DEFAULT_TIMING }: Omit<EventStoreDbEventStoreOptions, 'connectionString'> & { timing?: RetryTiming } = {}) {
    return new EventStoreDbEventStore(client, streamPrefix, maxAppendSize, timing);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]);
    return result!;
  }

  /**
   * Not atomic across streams: EventStoreDB has no multi-stream transaction. Every request is
   * checked first (size, expected revision, idempotency) so a batch that would fail on a later
   * stream writes nothing, but a failure during the writes (a race lost on a later stream, a crash,
   * the network) leaves the earlier streams appended. Callers that need all-or-nothing across
   * streams (the import) use deterministic event ids and retry the whole call: the streams already
   * written answer `alreadyStored` and the rest are appended.
   */
  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateRequests(requests);
    for (const request of requests) this.assertFits(request);
    const claimedBefore = await this.claims.claim(requests);
    const inspections = requests.length > 1 ? await Promise.all(requests.map((request) => this.appender.inspect(request, claimedBefore.has(request.streamId)))) : [];
    const results: AppendResult[] = [];
    for (const [index, request] of requests.entries()) {
      results.push(await this.appender.append(request, claimedBefore.has(request.streamId), inspections[index]));
    }
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

  /** No multi-stream read on the server: the streams are read side by side. */
  async readStreams(streamIds: ReadonlyArray<string>): Promise<Map<string, StoredEvent[]>> {
    const unique = [...new Set(streamIds)];
    return new Map(await Promise.all(unique.map(async (streamId) => [streamId, await this.readStream(streamId)] as const)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const readPage = (from: ReadPosition, maxCount: number) => readAllForwards(this.client, from, maxCount);
    return readAllAfter(readPage, (record) => this.toOwnEvent(record), options.after ?? 0, options.limit ?? 1000);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    const subscription = catchUpSubscription(
      (after) => this.client.subscribeToAll({ fromPosition: readPositionAfter(after), filter: streamNameFilter({ regex: ownStreamsRegex(this.prefix) }) }),
      (record) => this.toOwnEvent(record),
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /**
   * The commit position of this store's newest event, scanning $all backwards until one is found
   * (0 if none): usually the first record read. A fresh prefix on a busy shared server scans the
   * whole log; an "equivalent" older position would not do, since readers compare checkpoints
   * with it and a position readAll never returns would never be reached.
   */
  async headPosition(): Promise<number> {
    let before: ReadPosition = END;
    for (let page = 0; ; page++) {
      const size = HEAD_SCAN_PAGES[page] ?? HEAD_SCAN_PAGE;
      const records = await readAllBackwards(this.client, before, size);
      const older: AllRecord[] = before === END ? records : records.filter((record) => comparePositions(record.position, before as AllRecord['position']) < 0);
      const newestOwn = older.find((record) => this.toOwnEvent(record) !== undefined);
      if (newestOwn) return toGlobalPosition(newestOwn.position);
      if (records.length < size || older.length === 0) return 0;
      before = older[older.length - 1]!.position;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** The size the server will weigh this append by (hash, time and chain fields have fixed lengths, so any head gives the same). */
  private assertFits(request: AppendRequest): void {
    const size = appendSize(chainEvents(request.streamId, request.events, undefined, new Date()).map(toEventData));
    if (size > this.maxAppendSize) throw new AppendTooLargeError(request.streamId, size, this.maxAppendSize);
  }

  private toOwnEvent(record: AllRecord): StoredEvent | undefined {
    if (!isOwnRecord(this.prefix, record) || !isAdapterRecord(record)) return undefined;
    return toStoredEvent(record, portStreamId(this.prefix, record.streamId)!);
  }
}
