import { randomUUID } from 'node:crypto';
import { type EventStore, GENESIS_HASH } from '../port';
import { LOG_SEALED, type LogSealed, parseSeal, SEAL_STREAM_ID, type StreamHead } from './seal-events';

export interface SealResult {
  sealed: boolean;
  sealNumber?: number;
  coversPosition?: number;
  streams?: number;
  events?: number;
}

/**
 * Appends a seal covering everything since the previous one (nothing when nothing changed). Two
 * sealers racing are harmless: the append expects the seal stream's revision, so one of them
 * loses with a conflict and the other's seal stands.
 */
export async function sealLog(store: EventStore, options: { actor?: string; batchSize?: number } = {}): Promise<SealResult> {
  const seals = await store.readStream(SEAL_STREAM_ID);
  const last = seals.filter((event) => event.type === LOG_SEALED).at(-1);
  const previous: LogSealed | undefined = last ? parseSeal(last.data) : undefined;
  const heads = new Map<string, StreamHead>();
  let covers = previous?.coversPosition ?? 0;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after: covers, limit: options.batchSize ?? 1000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      covers = event.globalPosition;
      if (event.streamId === SEAL_STREAM_ID) continue;
      events += 1;
      heads.set(event.streamId, { streamId: event.streamId, revision: event.revision, hash: event.hash });
    }
  }
  if (heads.size === 0) return { sealed: false };
  const seal: LogSealed = {
    sealNumber: (previous?.sealNumber ?? 0) + 1,
    coversPosition: covers,
    previousCoversPosition: previous?.coversPosition ?? 0,
    previousSealHash: last?.hash ?? GENESIS_HASH,
    streamHeads: [...heads.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
    eventsCovered: events,
  };
  await store.appendToStream(
    SEAL_STREAM_ID,
    [
      {
        eventId: randomUUID(),
        type: LOG_SEALED,
        schemaVersion: 1,
        data: seal,
        metadata: { actor: { userId: options.actor ?? 'log-sealer', role: 'system' }, correlationId: randomUUID(), causationId: null, source: 'worker' },
        occurredAt: new Date().toISOString(),
      },
    ],
    { expectedRevision: seals.length === 0 ? 'no_stream' : seals[seals.length - 1]!.revision },
  );
  return { sealed: true, sealNumber: seal.sealNumber, coversPosition: covers, streams: heads.size, events };
}
