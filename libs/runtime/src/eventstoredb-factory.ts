import { EventStoreDbEventStore, type EventStore } from '@poems/event-store';

export async function createEventStoreDb(connectionString: string, maxAppendSize: number): Promise<EventStore> {
  return EventStoreDbEventStore.create({ connectionString, maxAppendSize });
}
