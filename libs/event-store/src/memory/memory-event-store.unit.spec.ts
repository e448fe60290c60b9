import { describeEventStoreContract } from '../testing/event-store-contract';
import { InMemoryEventStore } from './memory-event-store';

describeEventStoreContract('in-memory', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});
