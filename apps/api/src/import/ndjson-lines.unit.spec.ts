import { Readable } from 'node:stream';
import { NdjsonLimitExceeded, ndjsonLines } from './ndjson-lines';

async function collect(input: Readable, limits = {}) {
  const lines = [];
  for await (const line of ndjsonLines(input, limits)) lines.push(line);
  return lines;
}

/** A source that counts what was pulled from it, and never ends unless told to. */
function endless(chunk: Buffer, stopAfterBytes = Number.POSITIVE_INFINITY) {
  const state = { pulled: 0 };
  const stream = new Readable({
    read() {
      if (state.pulled >= stopAfterBytes) return this.push(null);
      state.pulled += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, state };
}

describe('splitting an NDJSON body into lines', () => {
  it('numbers every line, blank ones too, drops \\r before \\n and keeps characters split across chunks', async () => {
    const text = Buffer.from('{"a":1}\r\n\n{"name":"Ōtani 🩸"}\n{"last":true}', 'utf8');
    const chunks = [...text].map((byte) => Buffer.from([byte]));
    const lines = await collect(Readable.from(chunks));
    expect(lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '' },
      { number: 3, text: '{"name":"Ōtani 🩸"}' },
      { number: 4, text: '{"last":true}' },
    ]);
  });

  it('keeps a lone \\r inside a line (only \\n ends a line)', async () => {
    expect(await collect(Readable.from([Buffer.from('{"a":\r1}\n')]))).toEqual([{ number: 1, text: '{"a":\r1}' }]);
  });
});

describe('a line longer than the limit', () => {
  it('is refused with 413 naming the line and the limit, before more than the limit is read', async () => {
    const { stream, state } = endless(Buffer.alloc(16 * 1024, 'x'));
    const error = await collect(stream, { maxLineBytes: 64 * 1024 }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(NdjsonLimitExceeded);
    expect(error).toMatchObject({ status: 413, code: 'IMPORT_LINE_TOO_LARGE', limitBytes: 64 * 1024, issues: [{ line: 1, field: '(line)' }] });
    expect((error as Error).message).toContain('65536 bytes (IMPORT_MAX_LINE_BYTES)');
    // Read-ahead of the stream aside, nothing near the whole (endless) line was pulled.
    expect(state.pulled).toBeLessThan(64 * 1024 + 64 * 1024);
    expect(stream.destroyed).toBe(false);
  });

  it('counts bytes, not characters, and names the right line', async () => {
    const ok = 'é'.repeat(10);
    const lines = collect(Readable.from([Buffer.from(`${ok}\n${'é'.repeat(11)}\n`)]), { maxLineBytes: 20 });
    await expect(lines).rejects.toMatchObject({ code: 'IMPORT_LINE_TOO_LARGE', issues: [{ line: 2 }] });
  });
});

describe('a body larger than the limit', () => {
  it('is refused with 413 once the limit is passed, even when made of short lines', async () => {
    const { stream, state } = endless(Buffer.from('{}\n'.repeat(1000)));
    await expect(collect(stream, { maxBodyBytes: 100_000 })).rejects.toMatchObject({ status: 413, code: 'IMPORT_BODY_TOO_LARGE', limitBytes: 100_000 });
    expect(state.pulled).toBeLessThan(100_000 + 64 * 1024);
  });

  it('is accepted up to the limit exactly', async () => {
    const { stream } = endless(Buffer.from('{}\n'), 30);
    expect(await collect(stream, { maxBodyBytes: 30, maxLineBytes: 2 })).toHaveLength(10);
  });
});
