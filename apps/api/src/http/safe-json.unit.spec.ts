import { findUnstorableText, MAX_JSON_DEPTH, nestingExceeds, parseJsonSafely } from './safe-json';

describe('JSON nested deeper than the limit', () => {
  it('is refused by a scan of the text, naming the limit, for arrays 100,000 deep and objects 20,000 deep', () => {
    for (const text of [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`]) {
      const started = performance.now();
      expect(parseJsonSafely(text)).toEqual({ ok: false, code: 'JSON_TOO_DEEP', field: '(body)', message: `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (the limit)` });
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('is accepted at the limit exactly, and brackets inside strings (escaped quotes too) do not count', () => {
    expect(parseJsonSafely(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
    expect(nestingExceeds(`{"a":"${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}`, 2)).toBe(false);
    expect(nestingExceeds('[[["\\\\"],[[1]]]]', 4)).toBe(false);
    expect(nestingExceeds('[[["\\\\"],[[[1]]]]]', 4)).toBe(true);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('is found, with its path, however deep or wide the value is', () => {
    let deep: unknown = 'ok\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toBe(Array.from({ length: 200_000 }, () => '0').join('.'));
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, { v: 'fine' }]));
    expect(findUnstorableText({ ...wide, last: { name: 'bad \ud800' } })).toBe('last.name');
    expect(findUnstorableText({ ['key\u0000']: 1 })).toBe('(key)');
    expect(findUnstorableText({ a: ['x', 'y'], b: 2 })).toBeUndefined();
  });

  it('answers with the field at fault and a code', () => {
    expect(parseJsonSafely('{"name":"a\\u0000b"}')).toMatchObject({ ok: false, code: 'UNSTORABLE_TEXT', field: 'name' });
    expect(parseJsonSafely('{"name":')).toMatchObject({ ok: false, code: 'MALFORMED_JSON', field: '(body)' });
    expect(parseJsonSafely('{"name":"ok"}')).toEqual({ ok: true, value: { name: 'ok' } });
  });
});
