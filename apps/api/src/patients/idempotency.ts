import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '@poems/event-store';
import { badRequest } from '../http/http-problem';

/**
 * An `Idempotency-Key` turns into deterministic event ids (scoped to the caller and the stream):
 * a retried command finds its own events already in the stream and answers as the first time did;
 * the event store's idempotent append covers a retry that races the original.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 visible ASCII characters (a UUID is a good choice)', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  return key;
}

export function deterministicEventId(scope: string, index: number): string {
  const bytes = createHash('sha256').update(`${scope}#${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // UUID version 8 (custom)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Fingerprint of a request, stored in event metadata to spot a reused Idempotency-Key. Keyed
 * (HMAC): a plain hash of a body holding a name and birth date could be reversed by guessing, and
 * would outlive the erasure of that identity.
 */
export function requestHash(input: unknown, key: string): string {
  return createHmac('sha256', createHmac('sha256', key).update('poems:request-hash').digest()).update(canonicalJson(input)).digest('hex');
}

/** `If-Match: 7` or `If-Match: "7"` → expected revision 7 (the revision the client last read). */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header)?.replace(/^W\//, '').replace(/"/g, '').trim();
  if (!value || !/^-?\d+$/.test(value) || Number(value) < -1) {
    throw badRequest('INVALID_IF_MATCH', 'If-Match must be the stream revision you last read (an integer, -1 for a new patient)', [
      { field: 'If-Match', message: 'invalid' },
    ]);
  }
  return Number(value);
}
