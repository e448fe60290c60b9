import {
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
import { decideAppend } from './fake-commit-check';
import { type FakeRecord, FakeNode, resolved, SOFT_DELETED } from './fake-node';
import type { FakeSubscription } from './fake-subscription';

export type { FakeRecord } from './fake-node';

/**
 * One KurrentDB node behind the client's interface, in memory, for unit tests only, with the
 * behaviours the adapter has to survive (read in the server's source, EventStoreDB 24.10 /
 * KurrentDB 25.0):
 * - An append is decided against every write the node has accepted, but reads, subscriptions and
 *   the append's own success answer wait for the index commit (RequestManagerBase waits for
 *   IndexedPosition). So a conflict can be answered before the write that caused it is readable:
 *   `indexLagMs` sets that window; `pauseIndex` / `pauseIndexWhen` hold it open.
 * - Idempotency and IdempotentNotReady (no answer: the client's deadline): fake-commit-check.ts.
 * - MaxAppendSize (1 MiB by default up to 25.0): data bytes + metadata bytes + 2 × the type's
 *   length, summed over the append (Event.SizeOnDisk).
 * - Event ids are GUIDs: any spelling parses, and reads return them lowercase.
 * - Subscriptions: a replay after the position (exclusive), `caughtUp`, then live events; they can
 *   fail with any client error or end cleanly (`breakSubscriptions`).
 * - Soft deletes (reads say not found, an append revives the stream at the old revisions),
 *   truncation ($tb, $maxCount) and tombstones.
 * - throwOnAppendFailure=false: a conflict is answered `success: false`.
 */

export interface FakeOptions {
  maxAppendSize?: number;
  /** Time from a write to its index commit. */
  indexLagMs?: number;
  /** How long the client waits for an answer that never comes (its deadline). */
  deadlineMs?: number;
  /** The connection string's throwOnAppendFailure (client default true). */
  throwOnAppendFailure?: boolean;
  /** Subscriptions replay this many records per page, pausing `catchUpPauseMs` between pages. */
  catchUpPage?: number;
  catchUpPauseMs?: number;
}

export type FakeCall = { op: 'append' | 'readStream' | 'readAll' | 'subscribe' | 'metadata'; stream?: string; events?: number; outcome?: string };

const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FakeEventStoreDb implements EsdbClient {
  readonly calls: FakeCall[] = [];
  private readonly node: FakeNode;
  private readonly faults: { matches: (name: string) => boolean; error: () => Error; afterWrite: boolean }[] = [];

  constructor(private readonly options: FakeOptions = {}) {
    this.node = new FakeNode(options);
  }

  /** Every record written, indexed or not, in log order. */
  get log(): FakeRecord[] {
    return this.node.log;
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
    const maxAppendSize = this.options.maxAppendSize ?? 1024 * 1024;
    if (appendSize(events) > maxAppendSize) throw refused('too-large', MaxAppendSizeExceededError.fromMaxAppendSize(maxAppendSize));
    const stream = this.node.streams.get(streamName);
    if (stream?.tombstoned) throw refused('deleted', StreamDeletedError.fromStreamName(streamName));

    const decision = decideAppend(this.node.viewOf(stream), expectedRevision, events.map((event) => event.id.toLowerCase()));
    call.outcome = decision.kind;
    switch (decision.kind) {
      case 'wrong-expected-version':
        if (this.options.throwOnAppendFailure === false) {
          // The client's batchAppend passes `hasCurrentStreamRevision()` (a boolean) to BigInt.
          return { success: false, nextExpectedRevision: decision.current >= 0 ? 1n : 0n, position: undefined };
        }
        throw new WrongExpectedVersionError(undefined, { streamName, expected: expectedRevision, current: decision.current >= 0 ? BigInt(decision.current) : 'no_stream' });
      case 'deleted':
        throw StreamDeletedError.fromStreamName(streamName);
      case 'idempotent-not-ready':
        // The writer drops it; the client hears nothing until its deadline.
        await new Promise((resolve) => setTimeout(resolve, this.options.deadlineMs ?? 50));
        throw new DeadlineExceededError();
      case 'idempotent': {
        const last = stream!.records[decision.lastRevision]!;
        await this.node.untilIndexed(last);
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
      case 'ok': {
        const last = this.node.write(streamName, events, decision.revivesSoftDeleted);
        if (fault) throw fault.error(); // written, but the answer is lost
        await this.node.untilIndexed(last);
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
    }
  }

  readStream(name: string, options: { direction?: typeof FORWARDS | typeof BACKWARDS; fromRevision?: bigint | typeof START | typeof END; maxCount?: number } = {}) {
    this.calls.push({ op: 'readStream', stream: name });
    return this.lazily(() => {
      const stream = this.node.streams.get(name);
      if (stream?.tombstoned) throw StreamDeletedError.fromStreamName(name);
      const visible = this.node.readable(stream);
      if (visible === undefined) throw new StreamNotFoundError(undefined, name);
      const backwards = options.direction === BACKWARDS;
      const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : undefined;
      const ordered = backwards ? [...visible].reverse() : visible;
      const selected = from === undefined ? ordered : ordered.filter((record) => (backwards ? record.revision <= from : record.revision >= from));
      return selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
    });
  }

  /** Forwards from a position: inclusive. Backwards: the records before it. */
  readAll(options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReadPosition; maxCount: number }) {
    this.calls.push({ op: 'readAll' });
    return this.lazily(() => {
      const indexed = this.node.indexedLog();
      const at = options.fromPosition === START || options.fromPosition === END ? undefined : (options.fromPosition as Position).commit;
      if (options.direction === BACKWARDS) return indexed.filter((record) => at === undefined || record.position.commit < at).reverse().slice(0, options.maxCount);
      return indexed.filter((record) => at === undefined || record.position.commit >= at).slice(0, options.maxCount);
    });
  }

  subscribeToAll({ fromPosition, filter }: { fromPosition: ReadPosition; filter: Filter }): FakeSubscription {
    this.calls.push({ op: 'subscribe' });
    const regex = 'regex' in filter && filter.filterOn === 'streamName' ? new RegExp(filter.regex) : undefined;
    const cursor = fromPosition === START ? 0 : this.node.log.filter((record) => record.position.commit <= (fromPosition as Position).commit).length;
    return this.node.subscribe((streamName) => regex?.test(streamName) ?? true, cursor);
  }

  async getStreamMetadata(streamName: string) {
    this.calls.push({ op: 'metadata', stream: streamName });
    await Promise.resolve();
    const stream = this.node.streams.get(streamName);
    const metadata = { truncateBefore: stream?.truncateBefore, maxCount: stream?.maxCount };
    return metadata.truncateBefore === undefined && metadata.maxCount === undefined ? {} : { metadata };
  }

  async dispose(): Promise<void> {
    for (const subscription of this.node.subscriptions) subscription.finish();
  }

  // ——— controls for tests ———

  /** Writes an event as some other program would (no adapter metadata, or not JSON). */
  writeRaw(streamName: string, event: { type: string; data: unknown; metadata?: unknown; isJson?: boolean }): FakeRecord {
    return this.node.write(streamName, [{ id: crypto.randomUUID(), type: event.type, contentType: 'application/json', data: event.data as never, metadata: event.metadata as never }], false, event.isJson);
  }

  pauseIndex(): void {
    this.node.pause();
  }

  /** Stops indexing as soon as a matching record is written (before it is indexed). */
  pauseIndexWhen(predicate: (record: FakeRecord) => boolean): void {
    this.node.pause(predicate);
  }

  resumeIndex(): void {
    this.node.resume();
  }

  /** The next append to a matching stream fails with `error`, before it is written or (afterWrite) once it is. */
  failAppend(matches: (streamName: string) => boolean, error: () => Error, afterWrite = false): void {
    this.faults.push({ matches, error, afterWrite });
  }

  softDelete(streamName: string): void {
    this.node.streams.get(streamName)!.truncateBefore = SOFT_DELETED;
  }

  setStreamMetadata(streamName: string, metadata: { truncateBefore?: number; maxCount?: number }): void {
    Object.assign(this.node.streams.get(streamName)!, metadata);
  }

  tombstone(streamName: string): void {
    this.node.streams.get(streamName)!.tombstoned = true;
  }

  breakSubscriptions(how: Error | 'end'): void {
    for (const subscription of this.node.subscriptions) {
      if (how === 'end') subscription.finish();
      else subscription.fail(how);
      this.node.subscriptions.delete(subscription);
    }
  }

  get openSubscriptions(): FakeSubscription[] {
    return [...this.node.subscriptions].filter((subscription) => !subscription.stopped);
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
