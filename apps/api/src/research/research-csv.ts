import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

export type CsvCell = string | number | boolean | null;

/** One RFC 4180 line: fields quoted only when they hold a comma, quote or line break; CRLF ends it. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map((cell) => (cell === null ? '' : /[",\r\n]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell))).join(',')}\r\n`;
}

/**
 * A CSV download streamed as the batches arrive (one chunk per batch). The first batch is awaited
 * before answering, so a failing query is still a proper error answer rather than a cut-off 200.
 */
export async function csvDownload<T>(filename: string, header: readonly string[], batches: AsyncGenerator<T[]>, rowsOf: (item: T) => CsvCell[][]): Promise<StreamableFile> {
  const first = await batches.next();
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(header);
    if (first.done) return;
    for await (const batch of prepend(first.value, batches)) {
      const text = batch.flatMap(rowsOf).map(csvLine).join('');
      if (text) yield text;
    }
  }
  const stream = Readable.from(lines(), { objectMode: false });
  // A client that hangs up destroys the stream; ending the generator releases the cursor's connection.
  stream.once('close', () => void batches.return(undefined));
  return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
}

async function* prepend<T>(head: T, rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield head;
  yield* rest;
}
