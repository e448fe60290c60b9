import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Fewer rows than this go in one INSERT: COPY's own round trips cost more than it saves. */
export const COPY_FROM_ROWS = 64;

/** COPY text format of one value: NULL, numbers and booleans as is, text escaped, objects as JSON. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : text;
}

function* lines(rows: unknown[][]): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    chunk += `${rows[i]!.map(field).join('\t')}\n`;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Inserts rows that are new (a rebuild's, or a batch's first sight of them) with COPY, streamed:
 * no JSON document for PostgreSQL to take apart, no conflict handling. `rows` are value tuples in
 * the order of `columns`.
 */
export async function copyRows(client: PoolClient, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  await pipeline(Readable.from(lines(rows)), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}
