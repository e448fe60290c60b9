import { type AlertState, alertStreamId, evolveAlert, initialAlertState, parseAlertEvent } from '@poems/alert-rules';
import type { EventStore, StoredEvent } from '@poems/event-store';

export interface LoadedAlert {
  state: AlertState;
  /** Revision of the last event read (-1 when the stream is empty). */
  revision: number;
  events: StoredEvent[];
}

/** An alert stream folded with the alert domain's evolve (`asOf`: as the system held it at that recorded time). */
export async function loadAlert(store: EventStore, alertId: string, asOf?: string): Promise<LoadedAlert> {
  return foldAlert(await store.readStream(alertStreamId(alertId), { toRecordedAt: asOf }));
}

/** Several alerts as they stand now, read together (one statement on PostgreSQL). */
export async function loadAlerts(store: EventStore, alertIds: ReadonlyArray<string>): Promise<Map<string, LoadedAlert>> {
  const read = await store.readStreams(alertIds.map(alertStreamId));
  return new Map(alertIds.map((alertId) => [alertId, foldAlert(read.get(alertStreamId(alertId)) ?? [])]));
}

function foldAlert(stored: StoredEvent[]): LoadedAlert {
  const state = stored.reduce((current, event) => evolveAlert(current, parseAlertEvent(event.type, event.schemaVersion, event.data)), initialAlertState);
  return { state, revision: stored.length - 1, events: stored };
}
