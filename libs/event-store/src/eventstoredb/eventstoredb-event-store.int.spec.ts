import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

const SKIPPED =
  'skipped: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server on this machine; start one with docker compose up eventstoredb and set EVENTSTORE_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false)';

if (connectionString) {
  // Each test gets its own stream prefix, so its reads of $all see only its own streams. There is
  // no slowAppend: EventStoreDB cannot hold a write open, and $all has no late-commit holes.
  describeEventStoreContract('EventStoreDB', async () => {
    const store = await EventStoreDbEventStore.create({ connectionString, streamPrefix: `test-${randomUUID()}-` });
    return { store, cleanup: () => store.close() };
  });
} else {
  console.warn(SKIPPED);
  // Jest drops the console output of a file whose tests are all skipped when it runs several
  // files at once (the usual `npm test`): stderr reaches the terminal either way.
  process.stderr.write(`\n${SKIPPED}\n`);
  describe('the EventStoreDB event store contract', () => {
    it.skip(SKIPPED, () => undefined);
  });
}
