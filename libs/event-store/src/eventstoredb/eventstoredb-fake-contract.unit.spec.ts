import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDb } from './testing/fake-eventstoredb';

// The whole contract, over a fake node that decides appends before it can show them (an index lag
// of a few milliseconds, as on a loaded server) and gives the client a short deadline. It proves
// the adapter's logic, not the server: eventstoredb-event-store.int.spec.ts runs the same suite
// against a real one when EVENTSTORE_CONNECTION_STRING is set.
describeEventStoreContract('EventStoreDB adapter over a fake node', async () => {
  const server = new FakeEventStoreDb({ indexLagMs: 3, deadlineMs: 50 });
  const store = EventStoreDbEventStore.over(server, { streamPrefix: `test-${randomUUID()}-` });
  return { store, cleanup: () => store.close() };
});
