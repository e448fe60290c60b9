import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { StoredEvent } from './port';

/** The fields a stored event's hash covers; identity fields are covered as ciphertext. */
export type HashedFields = Pick<
  StoredEvent,
  'streamId' | 'revision' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'occurredAt' | 'recordedAt' | 'prevHash'
>;

export function hashEvent(fields: HashedFields): string {
  return hashEncoded(fields, canonicalJson(fields.data), canonicalJson(fields.metadata));
}

/**
 * The same hash from `data` and `metadata` already in canonical JSON (a writer that sends them to
 * the database as that text encodes them once): the canonical encoding of the whole event, whose
 * keys in sorted order are data, metadata, occurredAt, prevHash, recordedAt, revision,
 * schemaVersion, streamId, type.
 */
export function hashEncoded(fields: Omit<HashedFields, 'data' | 'metadata'>, canonicalData: string, canonicalMetadata: string): string {
  const encoded =
    `{"data":${canonicalData},"metadata":${canonicalMetadata},"occurredAt":${canonicalJson(fields.occurredAt)},` +
    `"prevHash":${canonicalJson(fields.prevHash)},"recordedAt":${canonicalJson(fields.recordedAt)},"revision":${canonicalJson(fields.revision)},` +
    `"schemaVersion":${canonicalJson(fields.schemaVersion)},"streamId":${canonicalJson(fields.streamId)},"type":${canonicalJson(fields.type)}}`;
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}
