import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { retryOf } from '../append-rules';
import { canonicalJson } from '../canonical-json';
import { hashEncoded } from '../hash-chain';
import { type AppendRequest, type BatchAppendSummary, checkExpectedRevision, GENESIS_HASH, type StoredEvent } from '../port';

const COPY_COLUMNS = 'event_id, stream_id, stream_revision, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash';
/** Rows per chunk written to the COPY stream (one socket write each). */
const ROWS_PER_CHUNK = 200;

interface LockedHeads {
  streams: { stream_id: string; revision: string; hash: string }[] | null;
  existing: { eventId: string; streamId: string; revision: number; globalPosition: number; type: string; data: unknown }[] | null;
  now: string;
}

/**
 * One batch of a long append (an import, a load) inside the caller's transaction: lock the streams
 * and read their heads, and look for ids already stored (one statement), chain the hashes, COPY
 * the events in (no JSON document for PostgreSQL to take apart, no RETURNING), read the positions
 * that bound them. Memory is the batch's, whatever the whole sequence's size.
 */
export async function copyBatch(client: PoolClient, schema: string, batch: AppendRequest[], summary: BatchAppendSummary): Promise<void> {
  const ids = batch.map((request) => request.streamId).sort();
  // Our writers' lock on each stream (advisory, in stream id order; see append-function.ts), then,
  // in a statement of its own (its snapshot must be taken after the wait), the heads.
  await client.query({ name: `${schema}:batch-lock`, text: `SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM unnest($1::text[]) AS id ORDER BY id`, values: [ids] });
  const { rows } = await client.query<LockedHeads>({
    name: `${schema}:batch-heads`,
    // pg_current_xact_id(): this transaction's id is taken before the sequence hands out positions (global-order.ts).
    text: `WITH locked AS (
         SELECT h.* FROM unnest($1::text[]) AS id CROSS JOIN LATERAL (
           SELECT stream_id, stream_revision::text AS revision, hash FROM ${schema}.events
           WHERE stream_id = id ORDER BY stream_revision DESC LIMIT 1) h
       ), existing AS (
         SELECT event_id AS "eventId", stream_id AS "streamId", stream_revision AS revision,
                global_position AS "globalPosition", type, data
         FROM ${schema}.events WHERE event_id = ANY($2::uuid[])
       )
       SELECT (SELECT json_agg(locked) FROM locked) AS streams,
              (SELECT json_agg(existing) FROM existing) AS existing,
              to_char(date_trunc('milliseconds', clock_timestamp()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now,
              pg_current_xact_id()::text AS xid`,
    values: [ids, batch.flatMap((request) => request.events.map((event) => event.eventId))],
  });
  const { streams, existing, now } = rows[0]!;
  const heads = new Map((streams ?? []).map((row) => [row.stream_id, { revision: Number(row.revision), hash: row.hash }]));
  const existingById = new Map((existing ?? []).map((event) => [event.eventId, event]));

  const toInsert: (StoredEvent & { dataJson: string; metadataJson: string })[] = [];
  for (const request of batch) {
    const found = request.events.map((event) => existingById.get(event.eventId));
    const already = retryOf(request, found, heads.get(request.streamId)?.revision ?? Math.max(...found.map((event) => event?.revision ?? -1)));
    if (already) {
      summary.streams += 1;
      summary.events += already.positions.length;
      summary.alreadyStored += already.positions.length;
      for (const position of already.positions) widen(summary, position);
      continue;
    }
    const head = heads.get(request.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    checkExpectedRevision(request.streamId, request.expectedRevision, head.revision);
    let { revision, hash } = head;
    for (const event of request.events) {
      revision += 1;
      const fields = { ...event, streamId: request.streamId, revision, recordedAt: now, prevHash: hash };
      const dataJson = canonicalJson(event.data);
      const metadataJson = canonicalJson(event.metadata);
      hash = hashEncoded(fields, dataJson, metadataJson);
      toInsert.push({ ...fields, hash, globalPosition: 0, dataJson, metadataJson });
    }
    summary.streams += 1;
    summary.events += request.events.length;
  }
  if (toInsert.length === 0) return;

  await pipeline(Readable.from(copyChunks(toInsert)), client.query(copyFrom(`COPY ${schema}.events (${COPY_COLUMNS}) FROM STDIN`)));
  // Events are copied in order and positions drawn in that order: the first and last ids bound them.
  const { rows: bounds } = await client.query<{ first: string; last: string }>({
    name: `${schema}:batch-bounds`,
    text: `SELECT (SELECT global_position FROM ${schema}.events WHERE event_id = $1::uuid)::text AS first,
              (SELECT global_position FROM ${schema}.events WHERE event_id = $2::uuid)::text AS last`,
    values: [toInsert[0]!.eventId, toInsert[toInsert.length - 1]!.eventId],
  });
  widen(summary, Number(bounds[0]!.first));
  widen(summary, Number(bounds[0]!.last));
}

function widen(summary: BatchAppendSummary, position: number): void {
  summary.firstPosition = summary.firstPosition === null ? position : Math.min(summary.firstPosition, position);
  summary.lastPosition = summary.lastPosition === null ? position : Math.max(summary.lastPosition, position);
}

function* copyChunks(events: (StoredEvent & { dataJson: string; metadataJson: string })[]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    chunk += `${e.eventId}\t${copyText(e.streamId)}\t${e.revision}\t${copyText(e.type)}\t${e.schemaVersion}\t${copyText(e.dataJson)}\t${copyText(e.metadataJson)}\t${e.occurredAt}\t${e.recordedAt}\t${e.prevHash}\t${e.hash}\n`;
    if ((i + 1) % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** COPY's text format: backslash, newline, carriage return and tab are escaped (JSON leaves backslashes in). */
export function copyText(value: string): string {
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : value;
}
