import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { hashEncoded, hashEvent } from './hash-chain';

/** The definition, written for clarity not speed: what the fast encoder must equal exactly. */
function reference(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : reference(item))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
  }
  throw new TypeError(typeof value);
}

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.option(tie('value'), { nil: undefined }), { maxKeys: 5 }),
  ),
}));

describe('the canonical encoding behind every hash', () => {
  it('equals its definition for any JSON value (keys in code-unit order, undefined dropped, no spaces)', () => {
    fc.assert(fc.property(json.value, (value) => expect(canonicalJson(value)).toBe(reference(value))), { numRuns: 2000 });
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });

  it('hashes pre-encoded data and metadata exactly as the whole event encoded at once', () => {
    fc.assert(
      fc.property(json.value, json.value, fc.string(), fc.nat(), (data, metadata, streamId, revision) => {
        const fields = { streamId, revision, type: 'T', schemaVersion: 2, data, metadata: metadata as never, occurredAt: '2024-01-01T00:00:00.000Z', recordedAt: '2024-01-02T00:00:00.000Z', prevHash: '0'.repeat(64) };
        const whole = createHash('sha256').update(reference({ ...fields }), 'utf8').digest('hex');
        expect(hashEvent(fields)).toBe(whole);
        expect(hashEncoded(fields, canonicalJson(data), canonicalJson(metadata))).toBe(whole);
      }),
      { numRuns: 500 },
    );
  });
});
