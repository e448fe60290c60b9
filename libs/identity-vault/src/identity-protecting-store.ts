import type { AppendRequest, EventStore, NewEvent } from '@poems/event-store';
import { patientIdOfStream } from '@poems/kernel';
import { isEncryptedEnvelope } from './envelope';
import type { IdentityVault } from './identity-vault';

/**
 * Wraps the event store so that identifying fields never reach it in clear: an event's
 * `data.identity` (enrolment) and `data.data.identity` (a correction of the enrolment) are sealed
 * with the patient's data key on the way in. Reads pass through untouched: identity is revealed
 * only at the edges, to roles allowed to see it (IdentityVault.reveal).
 */
export function protectIdentity(store: EventStore, vault: IdentityVault): EventStore {
  const sealRequest = async (request: AppendRequest): Promise<AppendRequest> => {
    const patientId = patientIdOfStream(request.streamId);
    if (!patientId) return request;
    return { ...request, events: await Promise.all(request.events.map((event) => sealEvent(vault, patientId, event))) };
  };
  return {
    kind: store.kind,
    appendToStream: async (streamId, events, options) =>
      store.appendToStream(streamId, (await sealRequest({ streamId, events })).events, options),
    appendMany: async (requests) => store.appendMany(await Promise.all(requests.map(sealRequest))),
    appendBatches: (batches) =>
      store.appendBatches(
        (async function* () {
          for await (const batch of batches) yield await Promise.all(batch.map(sealRequest));
        })(),
      ),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readStreams: (streamIds) => store.readStreams(streamIds),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

async function sealEvent(vault: IdentityVault, patientId: string, event: NewEvent): Promise<NewEvent> {
  const data = event.data as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return event;
  if (needsSealing(data['identity'])) {
    return { ...event, data: { ...data, identity: await vault.seal(patientId, data['identity']) } };
  }
  const inner = data['data'] as Record<string, unknown> | undefined;
  if (inner && typeof inner === 'object' && needsSealing(inner['identity'])) {
    return { ...event, data: { ...data, data: { ...inner, identity: await vault.seal(patientId, inner['identity']) } } };
  }
  return event;
}

function needsSealing(identity: unknown): boolean {
  return identity !== undefined && identity !== null && typeof identity === 'object' && !isEncryptedEnvelope(identity) && !(identity as { erased?: boolean }).erased;
}
