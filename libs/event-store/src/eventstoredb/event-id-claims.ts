import { type EventStoreDBClient, jsonEvent, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { z } from 'zod';
import { type AppendRequest, IdempotencyError } from '../port';
import { claimStreamName } from './eventstoredb-mapping';

const CLAIM_EVENT_TYPE = 'EventIdClaimed';
const CLAIMS_IN_FLIGHT = 16;
const claimSchema = z.object({ streamId: z.string() });

/**
 * EventStoreDB keeps event ids unique only within a stream, and only for recent writes. The port
 * promises more: an event id is stored once in the whole store, and an id sent to a second stream is
 * refused. So before an append, each event id is claimed for its stream by creating the stream
 * `_poems-event-id-<prefix><id>` (expected revision no_stream). A claim that already exists says
 * the append may be a retry (look for the events in the stream) or, for another stream, that the
 * id is taken (IdempotencyError).
 *
 * Limits: one extra write per event (claims run 16 at a time). A claim is written before the
 * append it guards and is not removed when that append then fails, so an id once sent to a stream
 * stays bound to it even if it never landed there; sending it to another stream later is refused.
 * Writers that bypass this adapter bypass the claims.
 */
export class EventIdClaims {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
  ) {}

  /** Claims every event id of the requests; returns the streams for which some id was claimed before. */
  async claim(requests: AppendRequest[]): Promise<Set<string>> {
    const claims = requests.flatMap((request) => request.events.map((event) => ({ streamId: request.streamId, eventId: event.eventId })));
    const claimedBefore = new Set<string>();
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < claims.length) {
        const { streamId, eventId } = claims[nextIndex++]!;
        const owner = await this.claimOne(eventId, streamId);
        if (owner === undefined) continue;
        if (owner !== streamId) throw new IdempotencyError(`Event ${eventId} was already sent to another stream`);
        claimedBefore.add(streamId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CLAIMS_IN_FLIGHT, claims.length) }, worker));
    return claimedBefore;
  }

  /** Undefined when this call created the claim; otherwise the stream the id was claimed for. */
  private async claimOne(eventId: string, streamId: string): Promise<string | undefined> {
    const name = claimStreamName(this.prefix, eventId);
    try {
      await this.client.appendToStream(name, jsonEvent({ type: CLAIM_EVENT_TYPE, data: { streamId } }), { expectedRevision: NO_STREAM });
      return undefined;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
    try {
      for await (const resolved of this.client.readStream(name, { fromRevision: START, maxCount: 1 })) {
        return claimSchema.parse(resolved.event?.data).streamId;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    throw new Error(`The claim stream ${name} exists but holds no claim (deleted?)`);
  }
}
