import { BACKWARDS, END, MaxAppendSizeExceededError, NO_STREAM, StreamDeletedError, WrongExpectedVersionError } from '@eventstore/db-client';
import { type AppendRequest, type AppendResult, checkExpectedRevision, ConcurrencyError, type StoredEvent } from '../port';
import { sleep } from '../subscription';
import { AppendTooLargeError, appendSize } from './append-size';
import type { EsdbClient } from './eventstoredb-client';
import { esdbStreamName } from './eventstoredb-mapping';
import { readStreamRecords } from './eventstoredb-reads';
import { alreadyStored, type ChainedEvent, chainEvents, headOf, type StreamHead, toEventData, toStoredEvent } from './eventstoredb-records';
import { isOutcomeUnknown, pollUntil, type RetryTiming } from './eventstoredb-retry';

/** What an append learns before writing: the stream's head, and the earlier result if it is a retry. */
export interface Inspection {
  existing?: AppendResult;
  head?: StreamHead;
}

/**
 * Rounds with `any` or `stream_exists` that may each lose to another writer. Every lost round means
 * another append went in, so this bounds starvation, not progress.
 */
const MAX_CONFLICT_ROUNDS = 20;

/**
 * One stream's append: read the head, chain hashes onto it, append with its exact revision (so the
 * chain cannot fork), read back the positions. What the server does in between is handled here:
 * - A conflict can be answered before the winning write is readable (the server decides on every
 *   accepted write, reads see indexed ones). So after a conflict the head is read again only once
 *   it shows the revision the conflict named, and the round starts over as a possible retry.
 * - A timeout, lost connection or leader change leaves the outcome unknown, and a deadline is also
 *   how IdempotentNotReady shows (the same ids sent while the first copy is not indexed: the server
 *   drops the write and never answers). So: wait, inspect again (our events may be there, from
 *   this or an earlier attempt), and append again only if they are not.
 */
export class StreamAppender {
  constructor(
    private readonly client: EsdbClient,
    private readonly prefix: string,
    private readonly timing: RetryTiming,
  ) {}

  async append(request: AppendRequest, maybeRetry: boolean, first?: Inspection): Promise<AppendResult> {
    const name = esdbStreamName(this.prefix, request.streamId);
    const attempts: ChainedEvent[][] = [];
    let inspected = first;
    let conflicts = 0;
    let unknown = 0;
    for (;;) {
      const { existing, head } = inspected ?? (await this.inspect(request, maybeRetry, attempts));
      inspected = undefined;
      if (existing) return existing;
      const chained = chainEvents(request.streamId, request.events, head, new Date());
      attempts.push(chained);
      let conflict: bigint | 'no_stream' | undefined;
      try {
        const written = await this.client.appendToStream(name, chained.map(toEventData), { expectedRevision: head ? BigInt(head.revision) : NO_STREAM });
        // With throwOnAppendFailure=false a conflict is an answer, not an error; its current revision
        // is not to be trusted (client 6.2.1's batch append passes a boolean to BigInt).
        if (written.success) return await this.readBack(request, attempts, Number(written.nextExpectedRevision));
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) conflict = error.actualVersion;
        else if (!isOutcomeUnknown(error)) throw explained(error, request.streamId, chained);
        else if (unknown >= this.timing.unknownOutcomeDelaysMs.length) {
          throw new Error(`EventStoreDB did not confirm the append to ${request.streamId} after ${unknown + 1} attempts; retrying with the same event ids is safe`, { cause: error });
        } else {
          await sleep(this.timing.unknownOutcomeDelaysMs[unknown++]!);
          maybeRetry = true;
          continue;
        }
      }
      conflicts += 1;
      if (conflicts >= MAX_CONFLICT_ROUNDS) {
        throw new ConcurrencyError(request.streamId, request.expectedRevision ?? 'any', typeof conflict === 'bigint' ? Number(conflict) : (head?.revision ?? 'no_stream'));
      }
      // The winner may have been sending these very events (a retry racing its original).
      maybeRetry = true;
      await this.untilHeadShows(name, typeof conflict === 'bigint' ? Number(conflict) : (head?.revision ?? -1) + 1);
    }
  }

  /**
   * The stream's head, refusing a stream the server deleted or truncated (its chain could not
   * continue: a soft-deleted stream reads as missing but takes appends at its old revisions). When
   * the request may be a retry, its events are looked for: `attempts` are this call's own earlier
   * tries, so finding one of them is reported as written, not as already stored.
   */
  async inspect(request: AppendRequest, maybeRetry: boolean, attempts: ChainedEvent[][] = []): Promise<Inspection> {
    const name = esdbStreamName(this.prefix, request.streamId);
    const [last, intact] = await Promise.all([this.readHead(name, request.streamId), this.client.getStreamMetadata(name)]);
    const { truncateBefore, maxCount, maxAge } = intact.metadata ?? {};
    if ((truncateBefore !== undefined && Number(truncateBefore) > 0) || maxCount !== undefined || maxAge !== undefined) {
      throw deletedStream(request.streamId, 'deleted or truncated (its metadata sets $tb, $maxCount or $maxAge)');
    }
    const head = headOf(last);
    if (maybeRetry && head) {
      const found = await this.findByIds(request, 0);
      const existing = alreadyStored(request, found, head.revision);
      if (existing) return { existing: { ...existing, alreadyStored: !attempts.some((attempt) => sameHashes(attempt, found)) }, head };
    }
    checkExpectedRevision(request.streamId, request.expectedRevision, head?.revision ?? -1);
    return { head };
  }

  /**
   * Positions of the events just appended (the append answer carries one position for the batch).
   * A success can also be the server recognising a repeat of a stored write: then the stored copies
   * carry the first writer's hashes, and the result says `alreadyStored`.
   */
  private async readBack(request: AppendRequest, attempts: ChainedEvent[][], lastRevision: number): Promise<AppendResult> {
    const from = Math.max(0, lastRevision - request.events.length + 1);
    const found = await pollUntil(async () => {
      const near = await this.findByIds(request, from);
      const all = near.size === request.events.length ? near : await this.findByIds(request, 0);
      return all.size === request.events.length ? all : undefined;
    }, this.timing.visibilityDelaysMs);
    if (!found) throw new Error(`EventStoreDB acknowledged the append to ${request.streamId} but its events cannot be read back`);
    const result = alreadyStored(request, found, lastRevision)!;
    return { ...result, alreadyStored: !attempts.some((attempt) => sameHashes(attempt, found)) };
  }

  /** Waits until reads show the stream at `revision` or later (bounded: the round runs anyway after). */
  private async untilHeadShows(name: string, revision: number): Promise<void> {
    await pollUntil(async () => {
      const [last] = await readStreamRecords(this.client, name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }).catch(() => []);
      return last && Number(last.revision) >= revision ? true : undefined;
    }, this.timing.visibilityDelaysMs);
  }

  private async readHead(name: string, streamId: string): Promise<StoredEvent | undefined> {
    try {
      const [last] = await readStreamRecords(this.client, name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      return last && toStoredEvent(last, streamId);
    } catch (error) {
      if (error instanceof StreamDeletedError) throw deletedStream(streamId, 'deleted (tombstoned)');
      throw error;
    }
  }

  /**
   * The request's events found in its stream from `fromRevision` on. Only read for a possible retry
   * (a claim existed) or to read back a write, so reading to the stream's end is the rare path, with
   * no bound: a retry must be recognised however long ago the first attempt was.
   */
  private async findByIds(request: AppendRequest, fromRevision: number): Promise<Map<string, StoredEvent>> {
    const ids = new Set(request.events.map((event) => event.eventId));
    const records = await readStreamRecords(this.client, esdbStreamName(this.prefix, request.streamId), { fromRevision: BigInt(fromRevision) });
    const found = new Map<string, StoredEvent>();
    for (const record of records) if (ids.has(record.id)) found.set(record.id, toStoredEvent(record, request.streamId));
    return found;
  }
}

function sameHashes(attempt: ChainedEvent[], found: Map<string, StoredEvent>): boolean {
  return attempt.every((event) => found.get(event.eventId)?.hash === event.hash);
}

/** The server's refusals that the caller can act on, as errors that say what to do. */
function explained(error: unknown, streamId: string, chained: ChainedEvent[]): unknown {
  if (error instanceof MaxAppendSizeExceededError) return new AppendTooLargeError(streamId, appendSize(chained.map(toEventData)), error.maxAppendSize);
  if (error instanceof StreamDeletedError) return deletedStream(streamId, 'deleted (tombstoned)');
  return error;
}

function deletedStream(streamId: string, how: string): Error {
  return new Error(`Stream ${streamId} was ${how} on the server: appending would break its hash chain, so nothing was written. This store never deletes or truncates streams.`);
}
