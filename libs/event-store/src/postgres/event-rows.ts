import type { StoredEvent } from '../port';

export const EVENT_COLUMNS = `global_position::text AS position_text, event_id::text, stream_id, stream_revision::text AS revision_text, type, schema_version,
  data, metadata, occurred_at, recorded_at, prev_hash, hash`;

// Aliased so that ORDER BY global_position / stream_revision sorts the bigint columns, not text.
export interface EventRow {
  position_text: string;
  event_id: string;
  stream_id: string;
  revision_text: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision_text),
    globalPosition: Number(row.position_text),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
