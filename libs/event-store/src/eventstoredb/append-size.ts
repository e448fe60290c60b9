import type { EventData } from '@eventstore/db-client';

/** The server's MaxAppendSize unless configured (EventStoreDB 24.10, KurrentDB 25.0). */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/**
 * The size the server weighs an append by (Event.SizeOnDisk, summed over the append): the UTF-8
 * bytes of data and metadata as the client serialises them (JSON.stringify), plus two bytes per
 * character of the event type.
 */
export function appendSize(events: ReadonlyArray<EventData>): number {
  let size = 0;
  for (const event of events) {
    size += event.type.length * 2;
    size += event.contentType === 'application/json' ? Buffer.byteLength(JSON.stringify(event.data), 'utf8') : event.data.byteLength;
    if (event.metadata !== undefined) {
      size += event.metadata instanceof Uint8Array ? event.metadata.byteLength : Buffer.byteLength(JSON.stringify(event.metadata), 'utf8');
    }
  }
  return size;
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/** An append the event store cannot take in one piece: nothing of it was written. */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    readonly size: number | undefined,
    readonly limit: number,
  ) {
    super(
      `The append to ${streamId}${size === undefined ? '' : ` (${bytes(size)})`} is over the event store's maximum append of ${bytes(limit)}: ` +
        'nothing was written. Send fewer events at once, or raise the server limit (KURRENTDB_MAX_APPEND_SIZE) and EVENTSTORE_MAX_APPEND_SIZE together.',
    );
    this.name = 'AppendTooLargeError';
  }
}
