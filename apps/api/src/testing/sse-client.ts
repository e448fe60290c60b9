import { type ClientRequest, request as httpRequest } from 'node:http';
import { eventually } from '@poems/testing';

export interface SseMessage {
  event: string;
  data: string;
  id: string;
  comments: string[];
}

export interface SseConnection {
  /** The HTTP status (and the problem body when it is not 200). */
  opened: Promise<{ status: number; body?: any }>;
  messages: SseMessage[];
  /** Resolves when the stream ends, whichever side ends it. */
  ended: Promise<void>;
  waitFor(check: (messages: SseMessage[]) => boolean, what: string, timeoutMs?: number): Promise<SseMessage[]>;
  close(): Promise<void>;
}

/**
 * A server-sent-events reader, as a non-browser client would write it. Each stream has its own
 * connection (no keep-alive pool), so closing it closes the socket and nothing lingers after a test.
 */
export function openSse(url: string, headers: Record<string, string> = {}): SseConnection {
  const messages: SseMessage[] = [];
  let answer: (value: { status: number; body?: any }) => void = () => undefined;
  const opened = new Promise<{ status: number; body?: any }>((resolve) => (answer = resolve));
  let request: ClientRequest | undefined;
  const ended = new Promise<void>((resolve) => {
    request = httpRequest(url, { headers, agent: false }, (response) => {
      response.setEncoding('utf8');
      let buffer = '';
      if (response.statusCode !== 200) {
        response.on('data', (chunk: string) => (buffer += chunk));
        response.on('end', () => answer({ status: response.statusCode ?? 0, body: buffer ? JSON.parse(buffer) : undefined }));
      } else {
        answer({ status: 200 });
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let split;
          while ((split = buffer.indexOf('\n\n')) >= 0) {
            const lines = buffer.slice(0, split).split('\n');
            buffer = buffer.slice(split + 2);
            const field = (name: string) => lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
            messages.push({ event: field('event'), data: field('data'), id: field('id'), comments: lines.filter((line) => line.startsWith(':')).map((line) => line.slice(1).trim()) });
          }
        });
      }
      response.on('close', () => resolve());
    });
    request.on('error', () => {
      answer({ status: 0 });
      resolve();
    });
    request.end();
  });
  return {
    opened,
    messages,
    ended,
    waitFor: (check, what, timeoutMs = 10_000) => eventually(() => (check(messages) ? messages : undefined), what, timeoutMs),
    async close() {
      request?.destroy();
      await ended;
    },
  };
}
