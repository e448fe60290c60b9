import { EventStoreDbEventStore, type EventStore } from '@poems/event-store';

export async function createEventStoreDb(connectionString: string): Promise<EventStore> {
  return EventStoreDbEventStore.create({ connectionString });
}
