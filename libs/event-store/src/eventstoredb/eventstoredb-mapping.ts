import { type Position, type ReadPosition, START } from '@eventstore/db-client';

/**
 * Pure translations between the port and EventStoreDB: positions and stream names. Kept apart from
 * the adapter so they are unit-tested without a server.
 */

/** Stream names the adapter keeps for itself (event-id claims); refused as event streams. */
export const RESERVED_STREAM_PREFIX = '_poems-';

/**
 * `globalPosition` is the event's commit position in the transaction log (a byte offset, so
 * positions are sparse). Every event appended over gRPC is its own implicitly committed record,
 * whose commit and prepare positions are equal, so the number is unique per event and increasing
 * along $all. Only legacy explicit transactions (TCP API) give several events one commit position:
 * see `readAllAfter` and the subscription for how those groups are kept whole.
 */
export function toGlobalPosition(position: Position): number {
  const value = Number(position.commit);
  if (!Number.isSafeInteger(value)) throw new RangeError(`Commit position ${position.commit} is beyond a safe integer`);
  return value;
}

/**
 * Where to start reading $all for the checkpoint `after`: {commit: after, prepare: after} is the
 * position of the event `after` came from (commit = prepare, see above). EventStoreDB reads from a
 * position inclusively and subscribes from one exclusively, so callers drop every event whose commit
 * position is not above `after` (`isAfter`). `after` must be 0 or a position this store returned:
 * an arbitrary number is not a record boundary in the log.
 */
export function readPositionAfter(after: number): ReadPosition {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`A position must be a non-negative integer, got ${after}`);
  return after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) };
}

export function isAfter(position: Position, after: number): boolean {
  return position.commit > BigInt(after);
}

/** The order of $all: by commit position, then by prepare position within one commit. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function assertStreamPrefix(prefix: string): void {
  if (prefix.startsWith('$') || prefix.startsWith(RESERVED_STREAM_PREFIX)) {
    throw new Error(`A stream prefix must not start with '$' or '${RESERVED_STREAM_PREFIX}' (system and claim streams): ${prefix}`);
  }
}

export function assertStreamId(streamId: string): void {
  if (streamId.length === 0 || streamId.startsWith('$') || streamId.startsWith(RESERVED_STREAM_PREFIX)) {
    throw new Error(`Stream id ${JSON.stringify(streamId)} is empty or reserved ('$…' and '${RESERVED_STREAM_PREFIX}…' are not event streams)`);
  }
}

export function esdbStreamName(prefix: string, streamId: string): string {
  assertStreamId(streamId);
  return prefix + streamId;
}

/** The port's stream id of an EventStoreDB stream, or undefined when it is not one of this store's event streams. */
export function portStreamId(prefix: string, streamName: string): string | undefined {
  if (!streamName.startsWith(prefix)) return undefined;
  const streamId = streamName.slice(prefix.length);
  if (streamId.length === 0 || streamId.startsWith('$') || streamId.startsWith(RESERVED_STREAM_PREFIX)) return undefined;
  return streamId;
}

/** Whether a record read from $all is one of this store's events (not a system event, not a claim). */
export function isOwnRecord(prefix: string, record: { streamId: string; type: string }): boolean {
  return portStreamId(prefix, record.streamId) !== undefined && !record.type.startsWith('$');
}

/**
 * The reserved marker comes first, whatever the prefix: every store sharing a server, prefixed or
 * not, then recognises every claim stream as not an event stream.
 */
export function claimStreamName(prefix: string, eventId: string): string {
  return `${RESERVED_STREAM_PREFIX}event-id-${prefix}${eventId}`;
}

/**
 * Server-side stream-name filter for subscriptions (.NET regex syntax): this prefix's streams minus
 * system streams and the claim streams. A superset of `excludeSystemEvents` for our purposes, and it
 * keeps one claim per appended event off the wire. `isOwnRecord` still checks every event.
 */
export function ownStreamsRegex(prefix: string): string {
  return `^${escapeRegex(prefix)}(?![$]|${escapeRegex(RESERVED_STREAM_PREFIX)})`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
