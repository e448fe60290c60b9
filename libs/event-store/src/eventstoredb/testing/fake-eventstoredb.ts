import {
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  BACKWARDS,
  DeadlineExceededError,
  END,
  type EventData,
  type Filter,
  type FORWARDS,
  MaxAppendSizeExceededError,
  type Position,
  type ReadPosition,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EsdbClient } from '../eventstoredb-client';
import { decideAppend, type StreamView } from './fake-commit-check';
import { FakeSubscription } from './fake-subscription';

/**
 * One KurrentDB node in memory, for unit tests only, with the behaviours the adapter has to survive
 * (read in the server's source, EventStoreDB 24.10 / KurrentDB 25.0):
 * - An append is decided against every write the node has accepted, but reads, subscriptions and
 *   the append's own success answer wait for the index commit (RequestManagerBase waits for
 *   IndexedPosition). So a conflict can be answered before the write that caused it is readable.
 *   `indexLagMs` sets that window; `pauseIndex` / `pauseIndexWhen` hold it open.
 * - Idempotency and IdempotentNotReady: see fake-commit-check.ts.
 * - MaxAppendSize (1 MiB by default up to 25.0): data bytes + metadata bytes + 2 × the type's
 *   length, summed over the append (Event.SizeOnDisk).
 * - Event ids are GUIDs: any spelling parses, and reads return them lowercase.
 * - Subscriptions: a replay after the position (exclusive), `caughtUp`, then live events; they can
 *   fail with any client error or end cleanly (`breakSubscriptions`).
 * - Soft deletes (reads say not found, an append revives the stream at the old revisions),
 *   truncation ($tb, $maxCount) and tombstones.
 */

export interface FakeOptions {
  maxAppendSize?: number;
  /** Time from a write to its index commit. */
  indexLagMs?: number;
  /** How long the client waits for an answer that never comes (the client's deadline). */
  deadlineMs?: number;
  /** The connection string's throwOnAppendFailure (client default true). */
  throwOnAppendFailure?: boolean;
  /** Subscriptions replay this many records per page, pausing `catchUpPauseMs` between pages. */
  catchUpPage?: number;
  catchUpPauseMs?: number;
}

export interface FakeRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: string;
  metadata: string;
  position: Position;
  created: Date;
  logIndex: number;
}

interface StreamState {
  records: FakeRecord[];
  truncateBefore?: number;
  maxCount?: number;
  tombstoned?: boolean;
}

export type FakeCall = { op: 'append' | 'readStream' | 'readAll' | 'subscribe' | 'metadata'; stream?: string; events?: number; outcome?: string };

const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** long.MaxValue, as a JSON reader of the metastream gets it. */
const SOFT_DELETED = Number('9223372036854775807');

export class FakeEventStoreDb implements EsdbClient {
  readonly calls: FakeCall[] = [];
  readonly log: FakeRecord[] = [];
  private indexed = 0;
  private nextPosition = 4096n;
  private readonly streams = new Map<string, StreamState>();
  private readonly waitingForIndex: { until: number; done: () => void }[] = [];
  private readonly subscriptions = new Set<FakeSubscription>();
  private readonly faults: { matches: (name: string) => boolean; error: () => Error; afterWrite: boolean }[] = [];
  private paused = false;
  private pauseWhen?: (record: FakeRecord) => boolean;
  private readonly maxAppendSize: number;

  constructor(private readonly options: FakeOptions = {}) {
    this.maxAppendSize = options.maxAppendSize ?? 1024 * 1024;
  }

  async appendToStream(streamName: string, events: EventData[], { expectedRevision }: { expectedRevision: AppendExpectedRevision }): Promise<AppendResult> {
    const call: FakeCall = { op: 'append', stream: streamName, events: events.length };
    this.calls.push(call);
    await Promise.resolve();
    const refused = (outcome: string, error: Error) => Object.assign(call, { outcome }) && error;
    const fault = this.takeFault(streamName);
    if (fault && !fault.afterWrite) throw refused('fault', fault.error());
    const bad = events.find((event) => !UUID_ANY_CASE.test(event.id));
    if (bad) throw refused('bad-request', new UnknownError(undefined, `Could not recognize event id ${bad.id}`));
    if (appendSize(events) > this.maxAppendSize) throw refused('too-large', MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendSize));
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned) throw refused('deleted', StreamDeletedError.fromStreamName(streamName));

    const decision = decideAppend(this.viewOf(stream), expectedRevision, events.map((event) => event.id.toLowerCase()));
    call.outcome = decision.kind;
    switch (decision.kind) {
      case 'wrong-expected-version':
        if (this.options.throwOnAppendFailure === false) {
          // The client's batchAppend passes `hasCurrentStreamRevision()` (a boolean) to BigInt.
          return { success: false, nextExpectedRevision: decision.current >= 0 ? 1n : 0n, position: undefined };
        }
        throw new WrongExpectedVersionError(undefined, {
          streamName,
          expected: expectedRevision,
          current: decision.current >= 0 ? BigInt(decision.current) : 'no_stream',
        });
      case 'deleted':
        throw StreamDeletedError.fromStreamName(streamName);
      case 'idempotent-not-ready':
        // The writer drops it; the client hears nothing until its deadline.
        await new Promise((resolve) => setTimeout(resolve, this.options.deadlineMs ?? 50));
        throw new DeadlineExceededError();
      case 'idempotent': {
        const last = stream!.records[decision.lastRevision]!;
        await this.untilIndexed(last.logIndex + 1);
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
      case 'ok': {
        const written = this.write(streamName, events, decision.revivesSoftDeleted);
        if (fault) throw fault.error();
        await this.untilIndexed(written.logIndex + 1);
        return { success: true, nextExpectedRevision: written.revision, position: written.position };
      }
    }
  }

  readStream(name: string, options: { direction?: typeof FORWARDS | typeof BACKWARDS; fromRevision?: bigint | typeof START | typeof END; maxCount?: number } = {}) {
    this.calls.push({ op: 'readStream', stream: name });
    return this.lazily(() => {
      const stream = this.streams.get(name);
      if (stream?.tombstoned) throw StreamDeletedError.fromStreamName(name);
      const visible = this.readableRecords(stream);
      if (visible === undefined) throw new StreamNotFoundError(undefined, name);
      const backwards = options.direction === BACKWARDS;
      const from = options.fromRevision === undefined || options.fromRevision === START || options.fromRevision === END ? undefined : options.fromRevision;
      const ordered = backwards ? [...visible].reverse() : visible;
      const selected = from === undefined ? ordered : ordered.filter((record) => (backwards ? record.revision <= from : record.revision >= from));
      return selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
    });
  }

  readAll(options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReadPosition; maxCount: number }) {
    this.calls.push({ op: 'readAll' });
    return this.lazily(() => {
      const indexed = this.log.slice(0, this.indexed);
      if (options.direction === BACKWARDS) {
        const before = options.fromPosition === END ? indexed : indexed.filter((record) => record.position.commit < (options.fromPosition as Position).commit);
        return before.reverse().slice(0, options.maxCount);
      }
      const after = options.fromPosition === START ? indexed : indexed.filter((record) => record.position.commit >= (options.fromPosition as Position).commit);
      return after.slice(0, options.maxCount);
    });
  }

  subscribeToAll({ fromPosition, filter }: { fromPosition: ReadPosition; filter: Filter }): FakeSubscription {
    this.calls.push({ op: 'subscribe' });
    const regex = 'regex' in filter && filter.filterOn === 'streamName' ? new RegExp(filter.regex) : undefined;
    const subscription = new FakeSubscription((streamName) => regex?.test(streamName) ?? true);
    subscription.cursor = fromPosition === START ? 0 : this.log.filter((record) => record.position.commit <= (fromPosition as Position).commit).length;
    this.subscriptions.add(subscription);
    void this.catchUp(subscription);
    return subscription;
  }

  async getStreamMetadata(streamName: string) {
    this.calls.push({ op: 'metadata', stream: streamName });
    await Promise.resolve();
    const stream = this.streams.get(streamName);
    const metadata = { truncateBefore: stream?.truncateBefore, maxCount: stream?.maxCount };
    return metadata.truncateBefore === undefined && metadata.maxCount === undefined ? {} : { metadata };
  }

  async dispose(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.finish();
  }

  // ——— controls for tests ———

  /** Writes an event as some other program would (no adapter metadata, or not JSON). */
  writeRaw(streamName: string, event: { type: string; data: unknown; metadata?: unknown; isJson?: boolean; id?: string }): FakeRecord {
    const id = event.id ?? crypto.randomUUID();
    return this.write(streamName, [{ id, type: event.type, contentType: 'application/json', data: event.data as never, metadata: event.metadata as never }], false, event.isJson);
  }

  pauseIndex(): void {
    this.paused = true;
  }

  /** Stops indexing as soon as a matching record is written (before it is indexed). */
  pauseIndexWhen(predicate: (record: FakeRecord) => boolean): void {
    this.pauseWhen = predicate;
  }

  resumeIndex(): void {
    this.paused = false;
    this.pauseWhen = undefined;
    this.commitIndex(this.log.length);
  }

  /** The next append to a matching stream fails with `error`, before or after being written. */
  failAppend(matches: (streamName: string) => boolean, error: () => Error, afterWrite = false): void {
    this.faults.push({ matches, error, afterWrite });
  }

  softDelete(streamName: string): void {
    this.streams.get(streamName)!.truncateBefore = SOFT_DELETED;
  }

  setStreamMetadata(streamName: string, metadata: { truncateBefore?: number; maxCount?: number }): void {
    Object.assign(this.streams.get(streamName)!, metadata);
  }

  tombstone(streamName: string): void {
    this.streams.get(streamName)!.tombstoned = true;
  }

  breakSubscriptions(how: Error | 'end'): void {
    for (const subscription of this.subscriptions) {
      if (how === 'end') subscription.finish();
      else subscription.fail(how);
      this.subscriptions.delete(subscription);
    }
  }

  /** Open subscriptions, newest last. */
  get openSubscriptions(): FakeSubscription[] {
    return [...this.subscriptions].filter((subscription) => !subscription.stopped);
  }

  // ——— the node ———

  private write(streamName: string, events: EventData[], revives: boolean, isJson = true): FakeRecord {
    const stream = this.streams.get(streamName) ?? { records: [] };
    this.streams.set(streamName, stream);
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

  private commitIndex(upTo: number): void {
    if (this.paused || upTo <= this.indexed) return;
    this.indexed = upTo;
    for (const subscription of this.subscriptions) if (subscription.live) this.pump(subscription, this.indexed);
    for (const waiting of this.waitingForIndex.splice(0)) {
      if (this.indexed >= waiting.until) waiting.done();
      else this.waitingForIndex.push(waiting);
    }
  }

  private untilIndexed(until: number): Promise<void> {
    if (this.indexed >= until) return Promise.resolve();
    return new Promise((done) => this.waitingForIndex.push({ until, done }));
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

  private viewOf(stream: StreamState | undefined): StreamView {
    return {
      records: stream?.records.map((record) => ({ id: record.id, indexed: record.logIndex < this.indexed })) ?? [],
      softDeleted: stream?.truncateBefore === SOFT_DELETED,
    };
  }

  /** What reads see: indexed records past the truncation, or undefined for "not found". */
  private readableRecords(stream: StreamState | undefined): FakeRecord[] | undefined {
    const indexed = stream?.records.filter((record) => record.logIndex < this.indexed) ?? [];
    if (indexed.length === 0 || stream!.truncateBefore === SOFT_DELETED) return undefined;
    let first = stream!.truncateBefore ?? 0;
    if (stream!.maxCount !== undefined) first = Math.max(first, indexed.length - stream!.maxCount);
    return indexed.slice(first);
  }

  private takeFault(streamName: string) {
    const index = this.faults.findIndex((fault) => fault.matches(streamName));
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private async *lazily(select: () => FakeRecord[]): AsyncGenerator<{ event: ReturnType<typeof resolved> }> {
    await Promise.resolve();
    for (const record of select()) yield { event: resolved(record) };
  }
}

/** The server's size of an append (Event.SizeOnDisk summed), from what the client sends. */
export function appendSize(events: EventData[]): number {
  return events.reduce(
    (size, event) =>
      size +
      event.type.length * 2 +
      Buffer.byteLength(event.contentType === 'application/json' ? JSON.stringify(event.data) : '', 'utf8') +
      (event.metadata === undefined ? 0 : Buffer.byteLength(JSON.stringify(event.metadata), 'utf8')),
    0,
  );
}

/** A record as the client hands it out: JSON parsed afresh on every read. */
function resolved(record: FakeRecord) {
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
