import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { StoredEvent } from './port';

/** The fields a stored event's hash covers; identity fields are covered as ciphertext. */
export type HashedFields = Pick<
  StoredEvent,
  'streamId' | 'revision' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'occurredAt' | 'recordedAt' | 'prevHash'
>;

export function hashEvent(fields: HashedFields): string {
  const encoded = canonicalJson({
    streamId: fields.streamId,
    revision: fields.revision,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    metadata: fields.metadata,
    occurredAt: fields.occurredAt,
    recordedAt: fields.recordedAt,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

