import { EventEmitter } from 'node:events';
import { retryOf, validateAppendRequests } from '../append-rules';
import { hashEvent } from '../hash-chain';
import {
  type AppendRequest,
  type AppendResult,
  type BatchAppendSummary,
  checkExpectedRevision,
  emptySummary,
  summarise,
  type EventStore,
  type ExpectedRevision,
  GENESIS_HASH,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../port';
import { pollingSubscription, wakeOrTimeout } from '../subscription';

/** For unit tests only: same guarantees as the real adapters, in one process's memory. */
export class InMemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly appended = new EventEmitter();

  constructor(private readonly clock: () => Date = () => new Date()) {
    this.appended.setMaxListeners(0);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]);
    return result!;
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    // Validate everything before writing anything: the append is all-or-nothing.
    validateAppendRequests(requests);
    const plans = requests.map((request) => this.plan(request));
    const recordedAt = this.clock().toISOString();
    const results = plans.map(({ request, existing }) => {
      if (existing) return existing;
      const stream = this.streams.get(request.streamId) ?? [];
      const positions: number[] = [];
      for (const event of request.events) {
        const prev = stream[stream.length - 1];
        const fields = {
          ...structuredClone(event),
          streamId: request.streamId,
          revision: stream.length,
          recordedAt,
          prevHash: prev?.hash ?? GENESIS_HASH,
        };
        const stored: StoredEvent = { ...fields, globalPosition: this.all.length + 1, hash: hashEvent(fields) };
        stream.push(stored);
        this.all.push(stored);
        this.byId.set(stored.eventId, stored);
        positions.push(stored.globalPosition);
      }
      this.streams.set(request.streamId, stream);
      return { streamId: request.streamId, nextExpectedRevision: stream.length - 1, positions, alreadyStored: false };
    });
    if (results.some((result) => !result.alreadyStored)) this.appended.emit('append');
    return results;
  }

  async appendBatches(batches: AsyncIterable<AppendRequest[]>): Promise<BatchAppendSummary> {
    const all: AppendRequest[] = [];
    for await (const batch of batches) all.push(...batch);
    return summarise(emptySummary(), all.length ? await this.appendMany(all) : []);
  }

  private plan(request: AppendRequest): { request: AppendRequest; existing?: AppendResult } {
    const found = request.events.map((event) => this.byId.get(event.eventId));
    const existing = retryOf(request, found, (this.streams.get(request.streamId)?.length ?? 0) - 1);
    if (existing) return { request, existing };
    const current = (this.streams.get(request.streamId)?.length ?? 0) - 1;
    checkExpectedRevision(request.streamId, request.expectedRevision, current);
    return { request };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0;
    const until = options.toRecordedAt ? Date.parse(options.toRecordedAt) : Infinity;
    const events = (this.streams.get(streamId) ?? []).filter(
      (event) => event.revision >= from && Date.parse(event.recordedAt) <= until,
    );
    return structuredClone(options.limit === undefined ? events : events.slice(0, options.limit));
  }

  async readStreams(streamIds: ReadonlyArray<string>): Promise<Map<string, StoredEvent[]>> {
    return new Map(streamIds.map((streamId) => [streamId, structuredClone(this.streams.get(streamId) ?? [])]));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0;
    return structuredClone(this.all.slice(after, after + (options.limit ?? 1000)));
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return pollingSubscription(
      {
        readAll: (read) => this.readAll(read),
        waitForAppend: (timeoutMs, signal) =>
          wakeOrTimeout(timeoutMs, signal, (wake) => {
            this.appended.on('append', wake);
            return () => this.appended.off('append', wake);
          }),
      },
      options,
    );
  }

  async headPosition(): Promise<number> {
    return this.all.length;
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }
}
