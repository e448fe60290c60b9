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

export async function readAt(file: FileHandle, offset: number, length: number): Promise<string> {
  const buffer = Buffer.alloc(length);
  await file.read(buffer, 0, length, offset);
  return buffer.toString('utf8');
}
