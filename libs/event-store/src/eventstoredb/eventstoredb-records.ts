import { type EventData, jsonEvent, type JSONType, type Position } from '@eventstore/db-client';
import { z } from 'zod';
import { retryOf, validateAppendRequests } from '../append-rules';
import { hashEvent } from '../hash-chain';
import { type AppendRequest, type AppendResult, type EventMetadata, GENESIS_HASH, type NewEvent, type StoredEvent } from '../port';
import { assertStreamId, toGlobalPosition } from './eventstoredb-mapping';

/**
 * How a port event is laid out in an EventStoreDB event, and back. EventStoreDB keeps id, type,
 * data and a free metadata object; the fields it has no place for travel in that metadata under
 * `$poems`, beside the caller's own metadata, and are split off again on read.
 */

export const POEMS_METADATA_KEY = '$poems';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const poemsFieldsSchema = z.object({
  schemaVersion: z.number().int(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  prevHash: sha256Hex,
  hash: sha256Hex,
});
export type PoemsFields = z.infer<typeof poemsFieldsSchema>;

/** The parts of an EventStoreDB recorded event this adapter reads (the client's RecordedEvent fits). */
export interface EsdbRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  /** Returned on stream reads by servers from 22.6 on, always on $all reads. */
  position?: Position;
}

export type ChainedEvent = Omit<StoredEvent, 'globalPosition'>;

export interface StreamHead {
  revision: number;
  hash: string;
  recordedAt: string;
}

export function assertNoReservedMetadata(metadata: EventMetadata): void {
  if (Object.hasOwn(metadata, POEMS_METADATA_KEY)) throw new Error(`Event metadata must not use the reserved key ${POEMS_METADATA_KEY}`);
}

export function mergeMetadata(metadata: EventMetadata, poems: PoemsFields): Record<string, unknown> {
  assertNoReservedMetadata(metadata);
  return { ...metadata, [POEMS_METADATA_KEY]: poems };
}

/**
 * Whether a record was written by this adapter (JSON, with its metadata key). Another program's
 * event in a stream this store would own (a store without prefix owns every non-system stream) is
 * not a port event: `readAll` and subscriptions leave it out instead of failing on it.
 */
export function isAdapterRecord(record: Pick<EsdbRecord, 'isJson' | 'metadata'>): boolean {
  const { metadata } = record;
  return record.isJson && typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && POEMS_METADATA_KEY in metadata;
}

export function splitMetadata(raw: unknown, eventId: string): { metadata: EventMetadata; poems: PoemsFields } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !(POEMS_METADATA_KEY in raw)) {
    throw new Error(`Event ${eventId} carries no ${POEMS_METADATA_KEY} metadata: it was not written by this adapter`);
  }
  const { [POEMS_METADATA_KEY]: poems, ...metadata } = raw as Record<string, unknown>;
  return { metadata: metadata as EventMetadata, poems: poemsFieldsSchema.parse(poems) };
}

/**
 * Revisions, `recordedAt` and the hash chain for events about to follow `head`, exactly as the
 * PostgreSQL adapter computes them. `recordedAt` is this process's clock (EventStoreDB's own
 * `created` is only known after the write), held at or after the head's so that a writer with a
 * slow clock cannot make time travel (`toRecordedAt`) cut a stream in two places.
 */
export function chainEvents(streamId: string, events: NewEvent[], head: StreamHead | undefined, now: Date): ChainedEvent[] {
  const recordedAt = new Date(Math.max(now.getTime(), head ? Date.parse(head.recordedAt) : 0)).toISOString();
  let revision = head?.revision ?? -1;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return events.map((event) => {
    revision += 1;
    const fields = { ...event, streamId, revision, recordedAt, prevHash };
    prevHash = hashEvent(fields);
    return { ...fields, hash: prevHash };
  });
}

export function toEventData(event: ChainedEvent): EventData {
  const { schemaVersion, occurredAt, recordedAt, prevHash, hash } = event;
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    // Any JSON value works at run time (the client JSON.stringifies it); the typing only names containers.
    data: event.data as JSONType,
    metadata: mergeMetadata(event.metadata, { schemaVersion, occurredAt, recordedAt, prevHash, hash }),
  });
}

export function toStoredEvent(record: EsdbRecord, streamId: string): StoredEvent {
  if (!record.isJson) throw new Error(`Event ${record.id} in ${record.streamId} is not JSON: it was not written by this adapter`);
  if (!record.position) throw new Error('EventStoreDB returned no event position: the adapter needs EventStoreDB 22.6 or later');
  const { metadata, poems } = splitMetadata(record.metadata, record.id);
  return {
    eventId: record.id,
    streamId,
    revision: Number(record.revision),
    globalPosition: toGlobalPosition(record.position),
    type: record.type,
    schemaVersion: poems.schemaVersion,
    data: record.data,
    metadata,
    occurredAt: poems.occurredAt,
    recordedAt: poems.recordedAt,
    prevHash: poems.prevHash,
    hash: poems.hash,
  };
}

export function headOf(event: StoredEvent | undefined): StreamHead | undefined {
  return event && { revision: event.revision, hash: event.hash, recordedAt: event.recordedAt };
}

/** The shared idempotency rule, over the stream's events found with the request's ids. */
export function alreadyStored(request: AppendRequest, found: Map<string, StoredEvent>, headRevision: number): AppendResult | undefined {
  return retryOf(request, request.events.map((event) => found.get(event.eventId)), headRevision);
}

/** The shared checks, plus what only this adapter needs: valid stream names, no reserved metadata key. */
export function validateRequests(requests: AppendRequest[]): void {
  validateAppendRequests(requests);
  for (const request of requests) {
    assertStreamId(request.streamId);
    for (const event of request.events) assertNoReservedMetadata(event.metadata);
  }
}
