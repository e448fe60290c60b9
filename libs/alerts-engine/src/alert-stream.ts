import { randomUUID } from 'node:crypto';
import {
  type AlertCommandInput,
  type AlertDecidedEvent,
  alertEventSchemas,
  type AlertState,
  alertStreamId,
  decideAlert,
  evolveAlert,
  initialAlertState,
  parseAlertEvent,
} from '@poems/alert-rules';
import type { EventMetadata, EventStore, NewEvent, StoredEvent } from '@poems/event-store';

export interface LoadedAlert {
  state: AlertState;
  revision: number;
}

/** `asOf`: the alert as the system held it at that recorded time. */
export async function loadAlert(store: EventStore, alertId: string, asOf?: string): Promise<LoadedAlert & { events: StoredEvent[] }> {
  const stored = await store.readStream(alertStreamId(alertId), { toRecordedAt: asOf });
  const state = stored.reduce((current, event) => evolveAlert(current, parseAlertEvent(event.type, event.schemaVersion, event.data)), initialAlertState);
  return { state, revision: stored.length - 1, events: stored };
}

export function toNewEvents(decided: AlertDecidedEvent[], metadata: EventMetadata): NewEvent[] {
  return decided.map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: alertEventSchemas[event.type].schemaVersion,
    data: event.data,
    metadata,
    occurredAt: event.occurredAt,
  }));
}

/** Decides commands in order on one alert stream and appends what they decide, atomically; with where they landed. */
export async function decideAndAppend(
  store: EventStore,
  alertId: string,
  loaded: LoadedAlert,
  commands: AlertCommandInput[],
  now: string,
  metadata: EventMetadata,
): Promise<{ events: NewEvent[]; revision: number; position: number | null }> {
  let state = loaded.state;
  const decided: AlertDecidedEvent[] = [];
  for (const command of commands) {
    const events = decideAlert(command, state, { now });
    for (const event of events) state = evolveAlert(state, event);
    decided.push(...events);
  }
  const events = toNewEvents(decided, metadata);
  if (events.length === 0) return { events, revision: loaded.revision, position: null };
  const appended = await store.appendToStream(alertStreamId(alertId), events, { expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision });
  return { events, revision: appended.nextExpectedRevision, position: appended.positions.at(-1) ?? null };
}
