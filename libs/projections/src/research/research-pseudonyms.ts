import { createHmac } from 'node:crypto';

/**
 * The keyed hashes that de-identify the research view (HMAC-SHA256 with RESEARCH_PSEUDONYM_KEY).
 * Without the key nobody can link a pseudonym back to a patient by hashing known ids, and the same
 * key always gives the same pseudonyms, so a rebuild reproduces the rows exactly. Rotating the key
 * changes every pseudonym: rebuild the research projection when it changes.
 */
export interface ResearchPseudonyms {
  /** 'P-' + 16 hex: stable per patient. */
  patient(patientId: string): string;
  /** 64 hex: names a measurement (and lets its correction find it) without revealing the event id. */
  event(eventId: string): string;
  /** Whole days in [-180, -1] ∪ [1, 180], stable per patient; added to every date of the patient. */
  shiftDays(patientId: string): number;
}

export const MAX_SHIFT_DAYS = 180;

export function researchPseudonyms(keyHex: string): ResearchPseudonyms {
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) throw new Error('RESEARCH_PSEUDONYM_KEY must be 64 hex characters (32 bytes)');
  const key = Buffer.from(keyHex, 'hex');
  const mac = (message: string) => createHmac('sha256', key).update(message, 'utf8').digest();
  return {
    patient: (patientId) => `P-${mac(`patient:${patientId}`).toString('hex').slice(0, 16)}`,
    event: (eventId) => mac(`event:${eventId}`).toString('hex'),
    shiftDays(patientId) {
      // 360 outcomes, zero excluded: a shift of 0 would publish true dates. The modulo bias of a
      // 32-bit draw over 360 values is below one in ten million.
      const draw = mac(`shift:${patientId}`).readUInt32BE(0) % (2 * MAX_SHIFT_DAYS);
      return draw < MAX_SHIFT_DAYS ? draw - MAX_SHIFT_DAYS : draw - MAX_SHIFT_DAYS + 1;
    },
  };
}
