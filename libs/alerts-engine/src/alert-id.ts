import { createHash } from 'node:crypto';
import { alertIdentityKey } from '@poems/alert-rules';

/** A UUID derived from patient + rule + episode (+ generation when a correction brought it back): each can only ever be one alert. */
export function alertIdFor(patientId: string, rule: string, episodeKey: string, generation = 0): string {
  return uuidFromText(alertIdentityKey(patientId, rule as never, episodeKey, generation));
}

export function uuidFromText(text: string): string {
  const bytes = createHash('sha256').update(text).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
