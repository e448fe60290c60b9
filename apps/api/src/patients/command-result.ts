import type { StoredEvent } from '@poems/event-store';

/** What a command answers: where its events landed, so a client can read its own writes. */
export interface CommandResult {
  patientId: string;
  streamId: string;
  /** The stream's revision after the command (send it back as If-Match). */
  revision: number;
  /** Global position of the last event written (use as ?minPosition= on queries). */
  position: number;
  events: { eventId: string; type: string; occurredAt: string; data: unknown }[];
  /** True when this answer repeats the first answer to the same Idempotency-Key. */
  replayed: boolean;
}

/** Identity never travels back in a command answer; it is readable only through audited reads. */
export function withoutIdentity(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const { identity: _identity, ...rest } = data as Record<string, unknown>;
  const inner = rest['data'];
  if (inner && typeof inner === 'object' && 'identity' in (inner as object)) {
    const { identity: _inner, ...innerRest } = inner as Record<string, unknown>;
    return { ...rest, data: innerRest };
  }
  return rest;
}

export function resultFrom(patientId: string, streamId: string, events: StoredEvent[], replayed: boolean): CommandResult {
  const last = events[events.length - 1]!;
  return {
    patientId,
    streamId,
    revision: last.revision,
    position: last.globalPosition,
    events: events.map((event) => ({ eventId: event.eventId, type: event.type, occurredAt: event.occurredAt, data: withoutIdentity(event.data) })),
    replayed,
  };
}
