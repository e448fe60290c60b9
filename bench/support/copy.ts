import type { PoolClient } from 'pg';

/**
 * COPY over node-postgres without pg-copy-streams: `client.query` accepts any "submittable"
 * (an object with `submit(connection)`), and pg's connection already speaks the copy messages
 * (sendCopyFromChunk, endCopyFrom; CopyData is handed to the active query). These two
 * submittables are the minimum of that protocol.
 */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

abstract class CopySubmittable {
  rowCount = 0;
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  private failed = false;
  readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(private readonly text: string) {}

  submit(connection: CopyConnection): null {
    connection.query(this.text);
    return null;
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rowCount = Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    if (!this.failed) this.settle.resolve();
  }

  handleError(error: Error): void {
    this.failed = true;
    this.settle.reject(error);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.endCopyFrom();
  }

  handleCopyData(_message: { chunk: Buffer }): void {
    // Only COPY TO sends data (see CopyOut).
  }
}

class CopyOut extends CopySubmittable {
  readonly chunks: Buffer[] = [];
  override handleCopyData(message: { chunk: Buffer }): void {
    this.chunks.push(Buffer.from(message.chunk));
  }
}

class CopyIn extends CopySubmittable {
  constructor(
    text: string,
    private readonly chunks: Buffer[],
  ) {
    super(text);
  }

  override handleCopyInResponse(connection: CopyConnection): void {
    void (async () => {
      for (const chunk of this.chunks) {
        connection.sendCopyFromChunk(chunk);
        if (connection.stream.writableNeedDrain) await new Promise((resolve) => connection.stream.once('drain', resolve));
      }
      connection.endCopyFrom();
    })();
  }
}

/** `COPY (…) TO STDOUT`: the rows in COPY text format, as the server sent them. */
export async function copyOut(client: PoolClient, sql: string): Promise<Buffer[]> {
  const copy = new CopyOut(sql);
  void client.query(copy as never);
  await copy.done;
  return copy.chunks;
}

/** Joins small buffers (COPY sends one message per row) into chunks of about `size` bytes. */
export function coalesce(chunks: Buffer[], size = 64 * 1024): Buffer[] {
  const joined: Buffer[] = [];
  let pending: Buffer[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    bytes += chunk.length;
    if (bytes >= size) {
      joined.push(Buffer.concat(pending));
      pending = [];
      bytes = 0;
    }
  }
  if (pending.length) joined.push(Buffer.concat(pending));
  return joined;
}

/** `COPY … FROM STDIN` of COPY text chunks; returns the rows copied. */
export async function copyIn(client: PoolClient, sql: string, chunks: Buffer[]): Promise<number> {
  const copy = new CopyIn(sql, chunks);
  void client.query(copy as never);
  await copy.done;
  return copy.rowCount;
}
