import type { AllStreamResolvedEvent, EventData, Position } from '@eventstore/db-client';
import type { StreamView } from './fake-commit-check';
import { FakeSubscription } from './fake-subscription';

export interface FakeRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  /** The bytes as stored: JSON text. */
  data: string;
  metadata: string;
  position: Position;
  created: Date;
  logIndex: number;
}

export interface StreamState {
  records: FakeRecord[];
  truncateBefore?: number;
  maxCount?: number;
  tombstoned?: boolean;
}

/** long.MaxValue, as a JSON reader of the metastream gets it: the soft-delete marker. */
export const SOFT_DELETED = Number('9223372036854775807');

/**
 * The node's storage: one log, written at once, indexed later in log order. Reads, subscriptions
 * and append answers only see indexed records. `indexLagMs` is the time from a write to its
 * index commit; `pause` / `pauseWhen` hold it.
 */
export class FakeNode {
  readonly log: FakeRecord[] = [];
  readonly streams = new Map<string, StreamState>();
  readonly subscriptions = new Set<FakeSubscription>();
  private indexed = 0;
  private nextPosition = 4096n;
  private readonly waiting: { until: number; done: () => void }[] = [];
  private paused = false;
  private pauseWhen?: (record: FakeRecord) => boolean;

  constructor(private readonly options: { indexLagMs?: number; catchUpPage?: number; catchUpPauseMs?: number }) {}

  write(streamName: string, events: EventData[], revives: boolean, isJson = true): FakeRecord {
    const stream = this.streams.get(streamName) ?? { records: [] };
    this.streams.set(streamName, stream);
    // Reviving a soft-deleted stream continues its revisions and hides the old events.
    if (revives) stream.truncateBefore = stream.records.length;
    let record: FakeRecord | undefined;
    for (const event of events) {
      const data = event.contentType === 'application/json' ? JSON.stringify(event.data) : '';
      const metadata = event.metadata === undefined ? '' : JSON.stringify(event.metadata);
      const position = { commit: this.nextPosition, prepare: this.nextPosition };
      this.nextPosition += BigInt(128 + data.length + metadata.length);
      record = { streamId: streamName, id: event.id.toLowerCase(), revision: BigInt(stream.records.length), type: event.type, isJson, data, metadata, position, created: new Date(), logIndex: this.log.length };
      stream.records.push(record);
      this.log.push(record);
      if (this.pauseWhen?.(record)) this.paused = true;
    }
    const upTo = this.log.length;
    setTimeout(() => this.commitIndex(upTo), this.options.indexLagMs ?? 1);
    return record!;
  }

  isIndexed(record: FakeRecord): boolean {
    return record.logIndex < this.indexed;
  }

  indexedLog(): FakeRecord[] {
    return this.log.slice(0, this.indexed);
  }

  untilIndexed(record: FakeRecord): Promise<void> {
    if (this.isIndexed(record)) return Promise.resolve();
    return new Promise((done) => this.waiting.push({ until: record.logIndex + 1, done }));
  }

  pause(when?: (record: FakeRecord) => boolean): void {
    if (when) this.pauseWhen = when;
    else this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pauseWhen = undefined;
    this.commitIndex(this.log.length);
  }

  viewOf(stream: StreamState | undefined): StreamView {
    return {
      records: stream?.records.map((record) => ({ id: record.id, indexed: this.isIndexed(record) })) ?? [],
      softDeleted: stream?.truncateBefore === SOFT_DELETED,
    };
  }

  /** What reads see of a stream: indexed records past its truncation, or undefined for "not found". */
  readable(stream: StreamState | undefined): FakeRecord[] | undefined {
    const indexed = stream?.records.filter((record) => this.isIndexed(record)) ?? [];
    if (indexed.length === 0 || stream!.truncateBefore === SOFT_DELETED) return undefined;
    let first = stream!.truncateBefore ?? 0;
    if (stream!.maxCount !== undefined) first = Math.max(first, indexed.length - stream!.maxCount);
    return indexed.slice(first);
  }

  /** A subscription from log index `cursor`: the indexed records after it, caughtUp, then live ones. */
  subscribe(matches: (streamName: string) => boolean, cursor: number): FakeSubscription {
    const subscription = new FakeSubscription(matches);
    subscription.cursor = cursor;
    this.subscriptions.add(subscription);
    void this.catchUp(subscription);
    return subscription;
  }

  private commitIndex(upTo: number): void {
    if (this.paused || upTo <= this.indexed) return;
    this.indexed = upTo;
    for (const subscription of this.subscriptions) if (subscription.live) this.pump(subscription, this.indexed);
    for (const waiting of this.waiting.splice(0)) {
      if (this.indexed >= waiting.until) waiting.done();
      else this.waiting.push(waiting);
    }
  }

  private async catchUp(subscription: FakeSubscription): Promise<void> {
    const page = this.options.catchUpPage ?? Number.MAX_SAFE_INTEGER;
    while (subscription.cursor < this.indexed && !subscription.stopped) {
      this.pump(subscription, Math.min(this.indexed, subscription.cursor + page));
      if (this.options.catchUpPauseMs) await new Promise((resolve) => setTimeout(resolve, this.options.catchUpPauseMs));
      else await Promise.resolve();
    }
    subscription.caughtUp();
    subscription.live = true;
    this.pump(subscription, this.indexed);
  }

  private pump(subscription: FakeSubscription, upTo: number): void {
    for (; subscription.cursor < upTo; subscription.cursor++) {
      const record = this.log[subscription.cursor]!;
      if (subscription.matches(record.streamId)) subscription.deliver({ event: resolved(record), commitPosition: record.position.commit } as AllStreamResolvedEvent);
    }
  }
}

/** A record as the client hands it out: JSON parsed afresh on every read. */
export function resolved(record: FakeRecord) {
  return {
    streamId: record.streamId,
    id: record.id,
    revision: record.revision,
    type: record.type,
    isJson: record.isJson,
    data: record.isJson ? JSON.parse(record.data) : new TextEncoder().encode(record.data),
    metadata: record.metadata === '' ? undefined : JSON.parse(record.metadata),
    position: record.position,
    created: record.created,
  };
}
