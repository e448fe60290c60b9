import type { Readable } from 'node:stream';
import { HttpProblem } from '../http/http-problem';

export interface NdjsonLine {
  /** 1-based, counting blank lines too, so it matches what an editor shows. */
  number: number;
  text: string;
}

export interface NdjsonLimits {
  /** Bytes one line may hold (without its newline). */
  maxLineBytes?: number;
  /** Bytes the whole input may hold. */
  maxBodyBytes?: number;
}

/**
 * An import that is larger than the configured limits: 413, naming the limit. The connection is
 * closed with the answer, so the rest of an endless body is never read.
 */
export class NdjsonLimitExceeded extends HttpProblem {
  constructor(code: 'IMPORT_LINE_TOO_LARGE' | 'IMPORT_BODY_TOO_LARGE', message: string, readonly limitBytes: number, line?: number) {
    super(413, code, message, [{ field: line === undefined ? '(body)' : '(line)', message: `larger than ${limitBytes} bytes`, ...(line === undefined ? {} : { line }) }], {
      connection: 'close',
    });
    this.name = 'NdjsonLimitExceeded';
  }
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = '\r';

/**
 * Lines of an NDJSON stream, one at a time, split on `\n` (a `\r` before it is dropped). Limits are
 * enforced as bytes arrive: no line and no body is ever buffered past its limit, which is what
 * keeps one endless line from exhausting the process's memory (readline held the whole line as one
 * string). The input is left undestroyed on a refusal, so the 413 can still be sent on its socket.
 */
export async function* ndjsonLines(input: Readable, limits: NdjsonLimits = {}): AsyncGenerator<NdjsonLine> {
  const maxLine = limits.maxLineBytes ?? Number.POSITIVE_INFINITY;
  const maxBody = limits.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let received = 0;
  let number = 0;
  const lineTooLong = () =>
    new NdjsonLimitExceeded(
      'IMPORT_LINE_TOO_LARGE',
      `Line ${number + 1} is longer than the import's line limit of ${maxLine} bytes (IMPORT_MAX_LINE_BYTES): send one command per line, separated by \\n`,
      maxLine,
      number + 1,
    );
  const take = (piece: Buffer): NdjsonLine => {
    const text = (pending.length ? Buffer.concat([...pending, piece]) : piece).toString('utf8');
    pending = [];
    pendingBytes = 0;
    number += 1;
    return { number, text: text.endsWith(CARRIAGE_RETURN) ? text.slice(0, -1) : text };
  };

  for await (const chunk of input.iterator({ destroyOnReturn: false })) {
    const buffer: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    received += buffer.length;
    if (received > maxBody) {
      throw new NdjsonLimitExceeded(
        'IMPORT_BODY_TOO_LARGE',
        `The import is larger than its limit of ${maxBody} bytes (IMPORT_MAX_BODY_BYTES): split it into several imports`,
        maxBody,
      );
    }
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      if (pendingBytes + (end - start) > maxLine) throw lineTooLong();
      yield take(buffer.subarray(start, end));
      start = end + 1;
    }
    if (start < buffer.length) {
      if (pendingBytes + (buffer.length - start) > maxLine) throw lineTooLong();
      // A copy, so a short tail does not keep its whole chunk alive.
      pending.push(Buffer.from(buffer.subarray(start)));
      pendingBytes += buffer.length - start;
    }
  }
  if (pendingBytes > 0) yield take(Buffer.alloc(0));
}
