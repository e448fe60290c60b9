import type { Pool, PoolClient } from 'pg';
import { hashEvent } from '../hash-chain';
import {
  type AppendRequest,
  type AppendResult,
  type BatchAppendSummary,
  checkExpectedRevision,
  emptySummary,
  summarise,
  ConcurrencyError,
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
import { retryOf, validateAppendRequests } from '../append-rules';
import { pollingSubscription, sleep } from '../subscription';
import { migrateEventStore, rollbackQuietly } from './event-store-migrations';
import { contiguousPrefix } from './global-order';
import { AppendListener } from './append-listener';
import { assertSchemaName } from './sql-identifiers';
import { type EventRow, EVENT_COLUMNS, toStoredEvent } from './event-rows';

export interface PostgresEventStoreOptions {
  pool: Pool;
  schema: string;
  /** How long `readAll` waits for transactions in flight below a hole before returning what it has. */
  gapWaitMs?: number;
  /** Poll interval of idle subscriptions when no notification arrives. */
  idlePollMs?: number;
  /** Fault injection for tests: runs after the events are inserted, before COMMIT. */
  beforeCommit?: () => Promise<void>;
}

const MAX_ATTEMPTS = 5;
const EVENTS_PER_STATEMENT = 2000;

interface LockedStream {
  stream_id: string;
  revision: string;
  head_hash: string;
}

interface ExistingEvent {
  eventId: string;
  streamId: string;
  revision: number;
  globalPosition: number;
  type: string;
  data: unknown;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly s: string;
  private readonly listener: AppendListener;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.s = assertSchemaName(options.schema);
    this.listener = new AppendListener(options.pool, `${this.s}_events`);
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

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateAppendRequests(requests);
    return this.inTransaction(requests[0], (client) => this.appendInTransaction(client, requests), true);
  }

  async appendBatches(batches: AsyncIterable<AppendRequest[]>): Promise<BatchAppendSummary> {
    // One pass over the source, so no retry loop: a conflict surfaces to the caller, who retries.
    return this.inTransaction(
      undefined,
      async (client) => {
        const summary = emptySummary();
        const seen = new Set<string>();
        for await (const batch of batches) {
          if (batch.length === 0) continue;
          validateAppendRequests(batch);
          for (const request of batch) {
            if (seen.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears in two batches`);
            seen.add(request.streamId);
          }
          summarise(summary, await this.appendInTransaction(client, batch));
        }
        return summary;
      },
      false,
    );
  }

  private async inTransaction<T>(first: AppendRequest | undefined, work: (client: PoolClient) => Promise<T>, retry: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.options.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await this.options.beforeCommit?.();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await rollbackQuietly(client);
        const constraint = uniqueViolation(error);
        // A concurrent append won a race we could not see in our snapshot: the event id (an
        // idempotent retry landing at the same time) or the stream's first revision (two creators).
        // Retrying re-reads under the lock and resolves to success or a ConcurrencyError.
        if (constraint && retry && attempt < MAX_ATTEMPTS) continue;
        if (constraint?.includes('stream_revision')) {
          throw new ConcurrencyError(first?.streamId ?? '(batch)', first?.expectedRevision ?? 'any', -1);
        }
        throw error;
      } finally {
        client.release();
      }
    }
  }

  private async appendInTransaction(client: PoolClient, requests: AppendRequest[]): Promise<AppendResult[]> {
    const streamIds = requests.map((request) => request.streamId);
    const eventIds = requests.flatMap((request) => request.events.map((event) => event.eventId));
    // pg_current_xact_id() gives this transaction its id before the sequence hands out positions:
    // the global-order reader depends on it (see global-order.ts).
    const { rows } = await client.query<{ streams: LockedStream[] | null; existing: ExistingEvent[] | null; now: string }>({
      // Named: prepared once per connection, not parsed and planned on every append.
      name: `${this.s}:append-lock`,
      text: `WITH locked AS (
         SELECT stream_id, revision::text, head_hash FROM ${this.s}.streams
         WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE
       ), existing AS (
         SELECT event_id AS "eventId", stream_id AS "streamId", stream_revision AS revision,
                global_position AS "globalPosition", type, data
         FROM ${this.s}.events WHERE event_id = ANY($2::uuid[])
       )
       SELECT (SELECT json_agg(locked) FROM locked) AS streams,
              (SELECT json_agg(existing) FROM existing) AS existing,
              to_char(date_trunc('milliseconds', clock_timestamp()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now,
              pg_current_xact_id()::text AS xid`,
      values: [streamIds, eventIds],
    });
    const { streams, existing, now } = rows[0]!;
    const heads = new Map((streams ?? []).map((row) => [row.stream_id, { revision: Number(row.revision), hash: row.head_hash }]));
    const existingById = new Map((existing ?? []).map((event) => [event.eventId, event]));

    const results: AppendResult[] = [];
    const toInsert: StoredEvent[] = [];
    const newHeads: { stream_id: string; revision: number; head_hash: string; recorded_at: string }[] = [];
    for (const request of requests) {
      const found = request.events.map((event) => existingById.get(event.eventId));
      const already = retryOf(request, found, heads.get(request.streamId)?.revision ?? Math.max(...found.map((event) => event?.revision ?? -1)));
      if (already) {
        results.push(already);
        continue;
      }
      const head = heads.get(request.streamId) ?? { revision: -1, hash: GENESIS_HASH };
      checkExpectedRevision(request.streamId, request.expectedRevision, head.revision);
      let { revision, hash } = head;
      for (const event of request.events) {
        revision += 1;
        const fields = { ...event, streamId: request.streamId, revision, recordedAt: now, prevHash: hash };
        hash = hashEvent(fields);
        toInsert.push({ ...fields, hash, globalPosition: 0 });
      }
      newHeads.push({ stream_id: request.streamId, revision, head_hash: hash, recorded_at: now });
      results.push({ streamId: request.streamId, nextExpectedRevision: revision, positions: [], alreadyStored: false });
    }

    const positions = new Map<string, number>();
    for (let start = 0; start < toInsert.length; start += EVENTS_PER_STATEMENT) {
      const chunk = toInsert.slice(start, start + EVENTS_PER_STATEMENT);
      const isLast = start + EVENTS_PER_STATEMENT >= toInsert.length;
      const inserted = await this.insertChunk(client, chunk, isLast ? newHeads : []);
      for (const row of inserted) positions.set(row.event_id, Number(row.global_position));
    }
    for (const [index, request] of requests.entries()) {
      if (!results[index]!.alreadyStored) results[index]!.positions = request.events.map((event) => positions.get(event.eventId)!);
    }
    return results;
  }

  private async insertChunk(client: PoolClient, events: StoredEvent[], heads: object[]) {
    const payload = events.map((event) => ({
      event_id: event.eventId,
      stream_id: event.streamId,
      stream_revision: event.revision,
      type: event.type,
      schema_version: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      occurred_at: event.occurredAt,
      recorded_at: event.recordedAt,
      prev_hash: event.prevHash,
      hash: event.hash,
    }));
    const { rows } = await client.query<{ global_position: string; event_id: string }>({
      name: `${this.s}:append-insert`,
      text: `WITH heads AS (
         INSERT INTO ${this.s}.streams AS st (stream_id, revision, head_hash, updated_at)
         SELECT stream_id, revision, head_hash, recorded_at
         FROM jsonb_to_recordset($2::jsonb) AS h(stream_id text, revision bigint, head_hash text, recorded_at timestamptz)
         ON CONFLICT (stream_id) DO UPDATE
           SET revision = EXCLUDED.revision, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at
       )
       INSERT INTO ${this.s}.events (event_id, stream_id, stream_revision, type, schema_version, data, metadata,
                                     occurred_at, recorded_at, prev_hash, hash)
       SELECT (e->>'event_id')::uuid, e->>'stream_id', (e->>'stream_revision')::bigint, e->>'type',
              (e->>'schema_version')::int, e->'data', e->'metadata', (e->>'occurred_at')::timestamptz,
              (e->>'recorded_at')::timestamptz, e->>'prev_hash', e->>'hash'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord)
       ORDER BY ord
       RETURNING global_position::text, event_id::text`,
      values: [JSON.stringify(payload), JSON.stringify(heads)],
    });
    return rows;
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
    return rows.map(toStoredEvent);
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
    const { rows } = await this.options.pool.query<EventRow & { snap_xmin: string }>({
      name: `${this.s}:read-after`,
      text: `SELECT ${EVENT_COLUMNS},
              pg_snapshot_xmin(pg_current_snapshot())::text AS snap_xmin
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
    await this.listener.close();
  }
}

function uniqueViolation(error: unknown): string | undefined {
  const pgError = error as { code?: string; constraint?: string };
  return pgError?.code === '23505' ? (pgError.constraint ?? 'unknown') : undefined;
}
