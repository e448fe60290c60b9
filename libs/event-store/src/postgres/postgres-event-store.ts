import type { Pool } from 'pg';
import {
  type AppendRequest,
  type AppendResult,
  type BatchAppendSummary,
  emptySummary,
  ConcurrencyError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../port';
import { validateAppendRequests } from '../append-rules';
import { pollingSubscription, sleep } from '../subscription';
import { migrateEventStore } from './event-store-migrations';
import { inTransaction } from './in-transaction';
import { contiguousPrefix } from './global-order';
import { AppendListener } from './append-listener';
import { AppendNotifier } from './append-notifier';
import { copyBatch } from './copy-append';
import { FunctionAppender } from './function-append';
import { NO_STREAM_HEAD, ServerClock, StreamHeadCache } from './stream-heads';
import { assertSchemaName } from './sql-identifiers';
import { type EventRow, EVENT_COLUMNS, toStoredEvent } from './event-rows';

export interface PostgresEventStoreOptions {
  pool: Pool;
  schema: string;
  /** How long `readAll` waits for transactions in flight below a hole before returning what it has. */
  gapWaitMs?: number;
  /** Poll interval of idle subscriptions when no notification arrives. */
  idlePollMs?: number;
  /** Fault injection for tests: runs after the events are inserted, before COMMIT (appends then take the locked path, in a transaction). */
  beforeCommit?: () => Promise<void>;
}

const MAX_ATTEMPTS = 5;
/** Optimistic calls (chained from the cached heads) before locking the heads first. */
const OPTIMISTIC_ATTEMPTS = 3;

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly s: string;
  private readonly listener: AppendListener;
  private readonly notifier: AppendNotifier;
  private readonly heads = new StreamHeadCache();
  private readonly appender: FunctionAppender;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.s = assertSchemaName(options.schema);
    this.listener = new AppendListener(options.pool, `${this.s}_events`);
    this.notifier = new AppendNotifier(options.pool, `${this.s}_events`);
    this.appender = new FunctionAppender(this.s, this.heads, new ServerClock());
  }

  /** Creates the tables when missing (idempotent) and returns a ready store. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    await migrateEventStore(options.pool, options.schema);
    return new PostgresEventStore(options);
  }

  get schema(): string {
    return this.s;
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]);
    return result!;
  }

  /**
   * One round trip when this process knows the streams' heads (it read or wrote them last), two
   * when it does not. Under contention (heads keep moving) it falls back to locking the heads
   * first, in a transaction, so that a writer always gets through.
   */
  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateAppendRequests(requests);
    const results: (AppendResult | undefined)[] = requests.map(() => undefined);
    for (let attempt = 1; ; attempt++) {
      try {
        const locked = attempt > OPTIMISTIC_ATTEMPTS || this.options.beforeCommit !== undefined;
        const outcome = locked ? await this.appendLocked(requests, results) : await this.appender.attempt(this.options.pool, requests, results);
        if (outcome === 'done') break;
      } catch (error) {
        // A concurrent append took the revision we chained to (the unique index is the lock), or
        // the same event id (an idempotent retry landing at the same time). Trying again, from the
        // heads as they are now, resolves it to success, a ConcurrencyError or an IdempotencyError.
        const constraint = uniqueViolation(error);
        if ((constraint || isDeadlock(error)) && attempt < MAX_ATTEMPTS) continue;
        if (constraint?.includes('stream_revision')) throw new ConcurrencyError(requests[0]!.streamId, requests[0]!.expectedRevision ?? 'any', -1);
        throw error;
      }
      if (attempt >= MAX_ATTEMPTS + OPTIMISTIC_ATTEMPTS) throw new Error(`append to ${requests[0]!.streamId} did not settle after ${attempt} attempts`);
    }
    this.listener.wakeLocal();
    this.notifier.signal();
    return results as AppendResult[];
  }

  /**
   * The pessimistic path: in a transaction, take our writers' lock on each stream (advisory, in
   * stream id order) and read the heads, then the same function call, which then cannot be stale.
   */
  private async appendLocked(requests: AppendRequest[], results: (AppendResult | undefined)[]): Promise<'done' | 'again'> {
    return inTransaction(this.options.pool, async (client) => {
      const ids = requests.map((request) => request.streamId).sort();
      // Two statements: a statement's snapshot is taken before it waits for the lock.
      await client.query({ name: `${this.s}:append-lock`, text: `SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM unnest($1::text[]) AS id ORDER BY id`, values: [ids] });
      const { rows } = await client.query<{ heads: { stream_id: string; revision: string; hash: string; recorded_at: string }[] | null; now: string }>({
        name: `${this.s}:append-heads`,
        text: `SELECT (SELECT json_agg(h) FROM unnest($1::text[]) AS id CROSS JOIN LATERAL (
                   SELECT stream_id, stream_revision::text AS revision, hash,
                          to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at
                   FROM ${this.s}.events WHERE stream_id = id ORDER BY stream_revision DESC LIMIT 1) h) AS heads,
                to_char(date_trunc('milliseconds', clock_timestamp()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`,
        values: [ids],
      });
      const locked = new Map((rows[0]!.heads ?? []).map((row) => [row.stream_id, row]));
      for (const request of requests) {
        const row = locked.get(request.streamId);
        this.heads.set(request.streamId, row ? { revision: Number(row.revision), hash: row.hash, recordedAt: row.recorded_at } : NO_STREAM_HEAD);
      }
      const outcome = await this.appender.attempt(client, requests, results, { now: rows[0]!.now });
      await this.options.beforeCommit?.();
      return outcome;
    });
  }

  async appendBatches(batches: AsyncIterable<AppendRequest[]>): Promise<BatchAppendSummary> {
    // One pass over the source, so no retry loop: a conflict surfaces to the caller, who retries.
    let summary: BatchAppendSummary;
    try {
      summary = await inTransaction(this.options.pool, async (client) => {
        const written = emptySummary();
        const seen = new Set<string>();
        for await (const batch of batches) {
          if (batch.length === 0) continue;
          validateAppendRequests(batch);
          for (const request of batch) {
            if (seen.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears in two batches`);
            seen.add(request.streamId);
          }
          await copyBatch(client, this.s, batch, written);
        }
        await this.options.beforeCommit?.();
        return written;
      });
    } catch (error) {
      if (uniqueViolation(error)?.includes('stream_revision')) throw new ConcurrencyError('(batch)', 'any', -1);
      throw error;
    }
    this.listener.wakeLocal();
    this.notifier.signal();
    return summary;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const { rows } = await this.options.pool.query<EventRow>({
      name: `${this.s}:read-stream`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
       WHERE stream_id = $1 AND stream_revision >= $2 AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
       ORDER BY stream_revision
       LIMIT $4`,
      values: [streamId, options.fromRevision ?? 0, options.toRecordedAt ?? null, options.limit ?? null],
    });
    const events = rows.map(toStoredEvent);
    // A read to the end of the stream shows its head: the next append chains from it in one call.
    if (options.toRecordedAt === undefined && options.limit === undefined && (events.length > 0 || (options.fromRevision ?? 0) === 0)) {
      const last = events[events.length - 1];
      this.heads.set(streamId, last ? { revision: last.revision, hash: last.hash, recordedAt: last.recordedAt } : NO_STREAM_HEAD);
    }
    return events;
  }

  async readStreams(streamIds: ReadonlyArray<string>): Promise<Map<string, StoredEvent[]>> {
    const read = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
    if (read.size === 0) return read;
    const { rows } = await this.options.pool.query<EventRow>({
      name: `${this.s}:read-streams`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_revision`,
      values: [[...read.keys()]],
    });
    for (const event of rows.map(toStoredEvent)) read.get(event.streamId)?.push(event);
    // Whole streams: each shows its head, as a read to the end does.
    for (const [streamId, events] of read) {
      const last = events[events.length - 1];
      this.heads.set(streamId, last ? { revision: last.revision, hash: last.hash, recordedAt: last.recordedAt } : NO_STREAM_HEAD);
    }
    return read;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? 1000;
    const first = await this.readAfter(after, limit);
    const prefix = contiguousPrefix(first.rows, after);
    if (prefix.blockedAt === undefined || first.rows.length === 0) return prefix.deliver.map((row) => row.event);

    // A hole: take a fresh transaction id as a fence. Whoever holds a position in the hole took
    // its id before asking for the position, so before this fence; once no transaction older than
    // the fence is running, the hole is final. (A snapshot's xmax is not such a fence: it is only
    // latestCompletedXid + 1, and a running transaction can already hold a higher id.)
    const fence = await this.newTransactionIdFence();
    const proofUpTo = first.rows[first.rows.length - 1]!.position;
    const deadline = Date.now() + (this.options.gapWaitMs ?? 2000);
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const again = await this.readAfter(after, limit);
      const proven = again.xmin !== undefined && again.xmin > fence;
      const retried = contiguousPrefix(again.rows, after, { upTo: proofUpTo, proven });
      if (proven || retried.blockedAt === undefined || Date.now() >= deadline) return retried.deliver.map((row) => row.event);
      await sleep(pause);
    }
  }

  private async newTransactionIdFence(): Promise<bigint> {
    const { rows } = await this.options.pool.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
    return BigInt(rows[0]!.xid);
  }

  private async readAfter(after: number, limit: number) {
    // The snapshot's xmin as a scalar subquery: computed once per statement (in the statement's own
    // snapshot), not once per row as a function call in the select list was.
    const { rows } = await this.options.pool.query<EventRow & { snap_xmin: string }>({
      name: `${this.s}:read-after`,
      text: `SELECT ${EVENT_COLUMNS},
              (SELECT pg_snapshot_xmin(pg_current_snapshot()))::text AS snap_xmin
       FROM ${this.s}.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      values: [after, limit],
    });
    // With no rows there is no snapshot to read, and no caller needs one: holes only exist below a row.
    const xmin = rows.length > 0 ? BigInt(rows[0]!.snap_xmin) : undefined;
    return { rows: rows.map((row) => ({ position: Number(row.position_text), event: toStoredEvent(row) })), xmin };
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return pollingSubscription(
      { readAll: (read) => this.readAll(read), waitForAppend: (timeoutMs, signal) => this.listener.wait(timeoutMs, signal) },
      options,
      this.options.idlePollMs ?? 1000,
    );
  }

  /** Highest committed position; `readAll` may briefly stop below it while earlier transactions finish. */
  async headPosition(): Promise<number> {
    const { rows } = await this.options.pool.query<{ head: string | null }>(`SELECT max(global_position)::text AS head FROM ${this.s}.events`);
    return Number(rows[0]!.head ?? 0);
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.listener.close();
  }
}

function isDeadlock(error: unknown): boolean {
  return (error as { code?: string })?.code === '40P01';
}

function uniqueViolation(error: unknown): string | undefined {
  const pgError = error as { code?: string; constraint?: string };
  return pgError?.code === '23505' ? (pgError.constraint ?? 'unknown') : undefined;
}
