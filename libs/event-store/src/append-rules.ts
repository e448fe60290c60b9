import { canonicalJson } from './canonical-json';
import { type AppendRequest, type AppendResult, IdempotencyError } from './port';

/**
 * Event ids are canonical lowercase UUIDs, not the nil UUID. EventStoreDB keeps ids as GUIDs and
 * returns them lowercase, and PostgreSQL's uuid type does the same: an id in any other spelling
 * would be stored under another name than the one sent, so a retry would not recognise it.
 */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Refuses what no adapter can append: a stream twice in one call, an empty append, an id twice,
 * an id that is not a canonical lowercase UUID.
 */
export function validateAppendRequests(requests: ReadonlyArray<AppendRequest>): void {
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const request of requests) {
    if (streams.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears twice in one append`);
    streams.add(request.streamId);
    if (request.events.length === 0) throw new Error(`No events to append to ${request.streamId}`);
    for (const event of request.events) {
      if (!CANONICAL_UUID.test(event.eventId) || event.eventId === NIL_UUID) {
        throw new Error(`Event id ${JSON.stringify(event.eventId)} in ${request.streamId} is not a canonical lowercase UUID (e.g. 0f8fad5b-d9cb-469f-a165-70867728950e)`);
      }
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
