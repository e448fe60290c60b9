import type { NewEvent, StoredEvent } from '@poems/event-store';

/** What a command answers, whichever door it came through: where its events landed. */
export interface CommandOutcome {
  streamId: string;
  /** The stream's revision after the command (a client sends it back as If-Match). */
  revision: number;
  /** Global position of the last event written (use as ?minPosition= on queries); null when none. */
  position: number | null;
  events: { eventId: string; type: string; occurredAt: string; data: unknown }[];
  /** True when this answer repeats the first answer to the same request (Idempotency-Key). */
  replayed: boolean;
  /** The effects the command's events owed and that ran (e.g. data-key-destroyed). */
  effects: string[];
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

export function answeredEvents(events: ReadonlyArray<NewEvent | StoredEvent>): CommandOutcome['events'] {
  return events.map((event) => ({ eventId: event.eventId, type: event.type, occurredAt: event.occurredAt, data: withoutIdentity(event.data) }));
}
