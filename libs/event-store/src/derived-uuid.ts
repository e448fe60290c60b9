import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562) derived from text: the same text always gives the same id. Event
 * ids of an idempotent request and alert ids (patient + rule + episode) are made this way, so a
 * retry or a replay finds what it wrote before instead of writing it twice.
 */
export function derivedUuid(text: string): string {
  const bytes = createHash('sha256').update(text).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8 (custom)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
