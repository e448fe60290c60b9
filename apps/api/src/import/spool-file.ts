import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private temporary directory for one import's spool files, removed when the import ends.
 * The files hold the submitted commands (identity included) for the seconds the import takes;
 * the directory is readable by this process's user only.
 */
export class SpoolDirectory {
  private constructor(readonly path: string) {}

  static async create(): Promise<SpoolDirectory> {
    return new SpoolDirectory(await mkdtemp(join(tmpdir(), 'poems-import-')));
  }

  writer(name: string): SpoolWriter {
    return new SpoolWriter(createWriteStream(join(this.path, name), { mode: 0o600 }));
  }

  async reader(name: string): Promise<FileHandle> {
    return open(join(this.path, name), 'r');
  }

  file(name: string): string {
    return join(this.path, name);
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** Appends lines, honouring back-pressure, and knows each line's byte offset. */
export class SpoolWriter {
  private offset = 0;
  constructor(private readonly stream: WriteStream) {}

  async writeLine(text: string): Promise<{ offset: number; length: number }> {
    const buffer = Buffer.from(`${text}\n`, 'utf8');
    const at = this.offset;
    this.offset += buffer.length;
    if (!this.stream.write(buffer)) await once(this.stream, 'drain');
    return { offset: at, length: buffer.length - 1 };
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/**
 * Reads many lines back, in the order asked, with one read per run of adjacent lines (a patient's
 * lines are usually adjacent): one awaited read per line made the import wait on the disk.
 * Offsets are bytes, so lines are cut from the Buffer before decoding.
 */
export async function readLinesAt(file: FileHandle, entries: ReadonlyArray<{ offset: number; length: number }>): Promise<string[]> {
  const byOffset = entries.map((entry, index) => ({ ...entry, index })).sort((a, b) => a.offset - b.offset);
  const lines = new Array<string>(entries.length);
  for (let start = 0; start < byOffset.length; ) {
    let end = start;
    while (end + 1 < byOffset.length && byOffset[end + 1]!.offset === byOffset[end]!.offset + byOffset[end]!.length + 1) end += 1;
    const first = byOffset[start]!;
    const last = byOffset[end]!;
    const buffer = Buffer.alloc(last.offset + last.length - first.offset);
    await file.read(buffer, 0, buffer.length, first.offset);
    for (let i = start; i <= end; i++) {
      const entry = byOffset[i]!;
      lines[entry.index] = buffer.toString('utf8', entry.offset - first.offset, entry.offset - first.offset + entry.length);
    }
    start = end + 1;
  }
  return lines;
}
