import type { Pool, PoolClient } from 'pg';
import { retryOf } from '../append-rules';
import { canonicalJson } from '../canonical-json';
import { hashEncoded } from '../hash-chain';
import { type AppendRequest, type AppendResult, checkExpectedRevision, ConcurrencyError, type ExpectedRevision, IdempotencyError } from '../port';
import { NO_STREAM_HEAD, type ServerClock, type StreamHead, type StreamHeadCache } from './stream-heads';

function isClient(db: Pool | PoolClient): db is PoolClient {
  return typeof (db as PoolClient).release === 'function';
}

/** How far `recordedAt` (the writer's estimate of the server clock) may be from the server's clock. */
export const RECORDED_AT_TOLERANCE_MS = 1000;

interface FunctionAnswer {
  status: 'ok' | 'existing' | 'conflict' | 'stale';
  positions: string[] | null;
  heads: { streamId: string; revision: number; hash: string; recordedAt: string }[] | null;
  existing: { eventId: string; streamId: string; revision: number; globalPosition: number; type: string; data: unknown }[] | null;
  conflict: { streamId: string; actual: number } | null;
  server_now: number;
}

interface Chained {
  params: unknown[];
  newHeads: Map<string, StreamHead>;
}

/** -1 no_stream, -2 any, -3 stream_exists, else the revision (the function's encoding). */
function encodeExpected(expected: ExpectedRevision | undefined): number {
  if (expected === undefined || expected === 'any') return -2;
  if (expected === 'no_stream') return -1;
  if (expected === 'stream_exists') return -3;
  return expected;
}

/**
 * Appends through `append_events` (append-function.ts): one call that checks and writes under the
 * streams' row locks. Chains each request's hashes from the head in `heads` (or `baseOf`), and
 * loops on the function's answer: `stale` refreshes the heads, `existing` settles the requests
 * that are idempotent retries and sends the rest again.
 */
export class FunctionAppender {
  constructor(
    private readonly schema: string,
    private readonly heads: StreamHeadCache,
    private readonly clock: ServerClock,
  ) {}

  /**
   * One attempt on `db` (a pool: autocommit; or a client inside a transaction that already locked
   * the heads). Returns the results for every request, or `undefined` when the heads were stale
   * (they are refreshed: try again).
   */
  async attempt(
    db: Pool | PoolClient,
    requests: AppendRequest[],
    results: (AppendResult | undefined)[],
    exact?: { now: string },
  ): Promise<'done' | 'again'> {
    if (!isClient(db)) {
      // The connection first, then the stamp: `recordedAt` is checked against the server's clock
      // when the call runs, and a busy pool can hold a call back for longer than the tolerance. Stamped
      // before that wait, every append of a saturated process came back stale and went round again.
      const client = await db.connect();
      let failure: Error | undefined;
      try {
        return await this.attempt(client, requests, results, exact);
      } catch (error) {
        // A refusal (conflict, reused id) came from a healthy connection; anything else may not have.
        if (!(error instanceof ConcurrencyError || error instanceof IdempotencyError)) failure = error as Error;
        throw error;
      } finally {
        client.release(failure);
      }
    }
    // In stream id order, events too: two multi-stream appends then meet on the unique index in the
    // same order (no deadlock), whatever order their callers listed the streams in.
    const pending = requests
      .map((request, index) => ({ request, index }))
      .filter(({ index }) => results[index] === undefined)
      .sort((a, b) => (a.request.streamId < b.request.streamId ? -1 : a.request.streamId > b.request.streamId ? 1 : 0));
    const chained = this.chain(pending.map((p) => p.request), exact);
    const sentAt = Date.now();
    const { rows } = await db.query<FunctionAnswer>({
      name: `${this.schema}:append-events`,
      text: `SELECT status, positions::text[], heads, existing, conflict, server_now FROM ${this.schema}.append_events(${Array.from({ length: 16 }, (_, i) => `$${i + 1}`).join(', ')})`,
      values: chained.params,
    });
    const answer = rows[0]!;
    this.clock.observe(answer.server_now, sentAt, Date.now());
    const actual = new Map((answer.heads ?? []).map((head) => [head.streamId, { revision: Number(head.revision), hash: head.hash, recordedAt: head.recordedAt }]));
    const headOf = (streamId: string) => actual.get(streamId) ?? NO_STREAM_HEAD;

    switch (answer.status) {
      case 'ok': {
        const positions = (answer.positions ?? []).map(Number);
        let next = 0;
        for (const { request, index } of pending) {
          const head = chained.newHeads.get(request.streamId)!;
          this.heads.set(request.streamId, head);
          results[index] = { streamId: request.streamId, nextExpectedRevision: head.revision, positions: positions.slice(next, next + request.events.length), alreadyStored: false };
          next += request.events.length;
        }
        return 'done';
      }
      case 'existing': {
        const byId = new Map((answer.existing ?? []).map((event) => [event.eventId, { ...event, globalPosition: Number(event.globalPosition), revision: Number(event.revision) }]));
        for (const { request, index } of pending) {
          const found = request.events.map((event) => byId.get(event.eventId));
          const head = actual.get(request.streamId)?.revision ?? Math.max(...found.map((event) => event?.revision ?? -1));
          const already = retryOf(request, found, head);
          if (already) results[index] = already;
        }
        for (const { request } of pending) this.heads.set(request.streamId, headOf(request.streamId));
        return results.every((result) => result !== undefined) ? 'done' : 'again';
      }
      case 'conflict': {
        const streamId = answer.conflict!.streamId;
        this.heads.set(streamId, headOf(streamId));
        const request = pending.find((p) => p.request.streamId === streamId)!.request;
        checkExpectedRevision(streamId, request.expectedRevision, Number(answer.conflict!.actual));
        throw new Error(`append_events reported a conflict on ${streamId} that the expected revision does not explain`);
      }
      case 'stale':
        for (const { request } of pending) this.heads.set(request.streamId, headOf(request.streamId));
        return 'again';
    }
  }

  /** The function's parameters: each request's events hashed from the head believed current. */
  private chain(requests: AppendRequest[], exact?: { now: string }): Chained {
    const bases = requests.map((request) => this.baseOf(request));
    const floor = bases.reduce<string | null>((latest, base) => (base.recordedAt !== null && (latest === null || base.recordedAt > latest) ? base.recordedAt : latest), null);
    const recordedAt = exact ? new Date(Math.max(Date.parse(exact.now), floor ? Date.parse(floor) : 0)).toISOString() : this.clock.now(floor);
    const columns = { ids: [] as string[], streams: [] as string[], revisions: [] as number[], types: [] as string[], versions: [] as number[], data: [] as string[], metadata: [] as string[], occurred: [] as string[], prev: [] as string[], hashes: [] as string[] };
    const newHeads = new Map<string, StreamHead>();
    requests.forEach((request, i) => {
      let { revision, hash } = bases[i]!;
      for (const event of request.events) {
        revision += 1;
        const prevHash = hash;
        // Encoded once: the canonical text is both what the hash covers and what is sent.
        const data = canonicalJson(event.data);
        const metadata = canonicalJson(event.metadata);
        hash = hashEncoded({ ...event, streamId: request.streamId, revision, recordedAt, prevHash }, data, metadata);
        columns.ids.push(event.eventId);
        columns.streams.push(request.streamId);
        columns.revisions.push(revision);
        columns.types.push(event.type);
        columns.versions.push(event.schemaVersion);
        columns.data.push(data);
        columns.metadata.push(metadata);
        columns.occurred.push(event.occurredAt);
        columns.prev.push(prevHash);
        columns.hashes.push(hash);
      }
      newHeads.set(request.streamId, { revision, hash, recordedAt });
    });
    const params = [
      requests.map((request) => request.streamId),
      requests.map((request) => encodeExpected(request.expectedRevision)),
      bases.map((base) => base.revision),
      bases.map((base) => base.hash),
      recordedAt,
      exact ? null : RECORDED_AT_TOLERANCE_MS,
      columns.ids,
      columns.streams,
      columns.revisions,
      columns.types,
      columns.versions,
      columns.data,
      columns.metadata,
      columns.occurred,
      columns.prev,
      columns.hashes,
    ];
    return { params, newHeads };
  }

  /** The head to chain from: known, or implied by `no_stream`; otherwise a guess the function will correct. */
  private baseOf(request: AppendRequest): StreamHead {
    const cached = this.heads.get(request.streamId);
    if (cached) return cached;
    return request.expectedRevision === 'no_stream' ? NO_STREAM_HEAD : { ...NO_STREAM_HEAD, revision: -2 };
  }
}
