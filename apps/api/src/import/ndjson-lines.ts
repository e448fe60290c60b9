import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface NdjsonLine {
  /** 1-based, counting blank lines too, so it matches what an editor shows. */
  number: number;
  text: string;
}

/** Lines of an NDJSON stream, one at a time: the body is never held in memory as a whole. */
export async function* ndjsonLines(input: Readable): AsyncGenerator<NdjsonLine> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    yield { number, text };
  }
}
