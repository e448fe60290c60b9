import net from 'node:net';

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

export interface MllpOptions {
  host: string;
  /** 0: any free port (see `port` once started). */
  port: number;
  maxFrameBytes: number;
  maxConnections: number;
  idleTimeoutMs: number;
}

export interface MllpHandlers {
  /** Whether a peer may connect at all (a configured feed's address). */
  allows(peer: string): boolean;
  /** The acknowledgement of one message (never throws). */
  message(text: string, peer: string): Promise<string>;
  /** The acknowledgement of a frame refused unread (too large); the connection is closed after it. */
  oversized(peer: string, bytes: number): Promise<string>;
  log(event: string, details: Record<string, unknown>): void;
}

/**
 * The MLLP listener (HL7 v2 over TCP: <VT> message <FS><CR>). Hand-written rather than
 * @medplum/hl7's Hl7Server, which listens on every interface and buffers a frame without limit:
 * here frames are bounded (a larger one is answered AR and the connection closed), connections
 * are capped, idle ones are closed, peers must be a feed's address, and messages on one
 * connection are answered in order, one at a time (reading pauses meanwhile).
 */
export class MllpListener {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly options: MllpOptions,
    private readonly handlers: MllpHandlers,
  ) {}

  get port(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections;
    server.on('error', (error) => this.handlers.log('mllp-server-error', { error: error.message }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const peer = socket.remoteAddress ?? '';
    if (!this.handlers.allows(peer)) {
      this.handlers.log('mllp-peer-refused', { peer });
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    const decoder = new FrameDecoder(this.options.maxFrameBytes);
    let queue = Promise.resolve();
    let pending = 0;
    const send = (ack: string) => {
      if (!socket.destroyed) socket.write(Buffer.concat([Buffer.from([VT]), Buffer.from(ack, 'utf8'), Buffer.from([FS, CR])]));
    };
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        pending += 1;
        socket.pause();
        queue = queue.then(async () => {
          if (frame.kind === 'oversized') {
            send(await this.handlers.oversized(peer, frame.bytes));
            socket.end();
            return;
          }
          send(await this.handlers.message(decode(frame.bytes), peer));
        }).finally(() => {
          pending -= 1;
          if (pending === 0 && !socket.destroyed) socket.resume();
        });
      }
    });
  }
}

type Frame = { kind: 'message'; bytes: Buffer } | { kind: 'oversized'; bytes: number };

/** Splits a byte stream into MLLP frames; bytes between frames are ignored; a frame past the limit is dropped unread. */
export class FrameDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private overflowed = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(VT, offset);
        if (start < 0) break;
        this.inFrame = true;
        offset = start + 1;
        continue;
      }
      const end = chunk.indexOf(FS, offset);
      const piece = chunk.subarray(offset, end < 0 ? chunk.length : end);
      this.size += piece.length;
      if (this.size > this.maxBytes) {
        this.overflowed = true;
        this.parts = [];
      } else this.parts.push(piece);
      if (end < 0) break;
      frames.push(this.overflowed ? { kind: 'oversized', bytes: this.size } : { kind: 'message', bytes: Buffer.concat(this.parts) });
      this.parts = [];
      this.size = 0;
      this.inFrame = false;
      this.overflowed = false;
      offset = end + 1;
      if (chunk[offset] === CR) offset += 1;
    }
    return frames;
  }
}

/** UTF-8 unless MSH-18 names ISO 8859-1 (read in latin1 first: the header is ASCII either way). */
function decode(bytes: Buffer): string {
  const header = bytes.subarray(0, Math.min(bytes.length, 1024)).toString('latin1').split(/\r|\n/)[0] ?? '';
  const charset = header.split(header[3] ?? '|')[17] ?? '';
  return /8859\/1|ISO.?8859.?1/i.test(charset) ? bytes.toString('latin1') : bytes.toString('utf8');
}
