import { jsonEvent, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { z } from 'zod';
import { type AppendRequest, IdempotencyError } from '../port';
import { sleep } from '../subscription';
import type { EsdbClient } from './eventstoredb-client';
import { claimStreamName } from './eventstoredb-mapping';
import { isOutcomeUnknown, pollUntil, type RetryTiming } from './eventstoredb-retry';

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
 * The server refuses a second claim as soon as it has accepted the first, before the first can be
 * read: so a refused claim is read until it shows (bounded). A claim whose write timed out is sent
 * again; if the first did land, the second is refused and reads as ours.
 *
 * Limits: one extra write per event (claims run 16 at a time), and one more record in $all. A claim
 * is written before the append it guards and is not removed when that append then fails, so an id
 * once sent to a stream stays bound to it even if it never landed there. Writers that bypass this
 * adapter bypass the claims.
 */
export class EventIdClaims {
  constructor(
    private readonly client: EsdbClient,
    private readonly prefix: string,
    private readonly timing: RetryTiming,
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
    for (let attempt = 0; ; attempt++) {
      try {
        const written = await this.client.appendToStream(name, [jsonEvent({ type: CLAIM_EVENT_TYPE, data: { streamId } })], { expectedRevision: NO_STREAM });
        if (written.success) return undefined;
        break; // throwOnAppendFailure=false: refused without an error
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) break;
        if (!isOutcomeUnknown(error)) throw error;
        if (attempt >= this.timing.unknownOutcomeDelaysMs.length) {
          throw new Error(`EventStoreDB did not confirm the claim of event id ${eventId} after ${attempt + 1} attempts; retrying with the same event ids is safe`, { cause: error });
        }
        await sleep(this.timing.unknownOutcomeDelaysMs[attempt]!);
      }
    }
    const owner = await pollUntil(() => this.ownerOf(name), this.timing.visibilityDelaysMs);
    if (owner === undefined) {
      throw new Error(`The event id ${eventId} is claimed, but EventStoreDB did not show the claim (${name}) in time; retrying with the same event ids is safe`);
    }
    return owner;
  }

  private async ownerOf(name: string): Promise<string | undefined> {
    try {
      for await (const resolved of this.client.readStream(name, { fromRevision: START, maxCount: 1 })) {
        return claimSchema.parse(resolved.event?.data).streamId;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }
}
