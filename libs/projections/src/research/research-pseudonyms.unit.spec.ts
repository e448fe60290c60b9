import { createHmac } from 'node:crypto';
import { MAX_SHIFT_DAYS, researchPseudonyms } from './research-pseudonyms';

const KEY = '22'.repeat(32);
const PATIENT = '3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6b';

describe('research pseudonyms', () => {
  const pseudonyms = researchPseudonyms(KEY);

  it('are HMAC-SHA256 of the prefixed id under the key: P- and 16 hex for a patient, 64 hex for an event', () => {
    const expected = createHmac('sha256', Buffer.from(KEY, 'hex')).update(`patient:${PATIENT}`).digest('hex').slice(0, 16);
    expect(pseudonyms.patient(PATIENT)).toBe(`P-${expected}`);
    expect(pseudonyms.event(PATIENT)).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonyms.event(PATIENT)).not.toContain(expected);
  });

  it('are stable for one key and unrelated under another', () => {
    const again = researchPseudonyms(KEY.toUpperCase());
    const other = researchPseudonyms('33'.repeat(32));
    expect(again.patient(PATIENT)).toBe(pseudonyms.patient(PATIENT));
    expect(again.shiftDays(PATIENT)).toBe(pseudonyms.shiftDays(PATIENT));
    expect(other.patient(PATIENT)).not.toBe(pseudonyms.patient(PATIENT));
  });

  it('shift dates by whole days within ±180, never 0, and use both directions', () => {
    const shifts = Array.from({ length: 2000 }, (_, i) => pseudonyms.shiftDays(`patient-${i}`));
    for (const shift of shifts) {
      expect(Number.isInteger(shift)).toBe(true);
      expect(Math.abs(shift)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(shift)).toBeLessThanOrEqual(MAX_SHIFT_DAYS);
    }
    expect(Math.min(...shifts)).toBeLessThan(-170);
    expect(Math.max(...shifts)).toBeGreaterThan(170);
  });

  it('refuse a key that is not 32 bytes of hex', () => {
    expect(() => researchPseudonyms('abc')).toThrow(/64 hex/);
  });
});
