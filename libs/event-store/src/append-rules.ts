import { canonicalJson } from './canonical-json';
import { type AppendRequest, type AppendResult, IdempotencyError } from './port';

/** Refuses what no adapter can append: a stream twice in one call, an empty append, an id twice. */
export function validateAppendRequests(requests: ReadonlyArray<AppendRequest>): void {
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const request of requests) {
    if (streams.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears twice in one append`);
    streams.add(request.streamId);
    if (request.events.length === 0) throw new Error(`No events to append to ${request.streamId}`);
    for (const event of request.events) {
      if (ids.has(event.eventId)) throw new IdempotencyError(`Event id ${event.eventId} appears twice in one append`);
      ids.add(event.eventId);
    }
  }
}

export interface AlreadyStoredEvent {
  streamId: string;
  type: string;
  data: unknown;
  globalPosition: number;
}

/**
 * The idempotency rule every adapter applies: an append whose every event id is already stored,
 * identically and in the same stream, is a retry and succeeds writing nothing; a partial overlap,
 * or an id reused with other content or in another stream, is an IdempotencyError.
 * `found[i]` is the stored event with the id of `request.events[i]`, if any.
 */
export function retryOf(request: AppendRequest, found: ReadonlyArray<AlreadyStoredEvent | undefined>, nextExpectedRevision: number): AppendResult | undefined {
  if (found.every((event) => event === undefined)) return undefined;
  if (found.some((event) => event === undefined)) {
    throw new IdempotencyError(`Some of the events sent to ${request.streamId} were already stored and some were not`);
  }
  for (const [index, stored] of found.entries()) {
    const sent = request.events[index]!;
    if (stored!.streamId !== request.streamId || stored!.type !== sent.type || canonicalJson(stored!.data) !== canonicalJson(sent.data)) {
      throw new IdempotencyError(`Event ${sent.eventId} was already stored with different content or in another stream`);
    }
  }
  return { streamId: request.streamId, nextExpectedRevision, positions: found.map((event) => event!.globalPosition), alreadyStored: true };
}
