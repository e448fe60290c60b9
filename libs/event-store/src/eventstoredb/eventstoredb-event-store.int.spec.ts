import { randomUUID } from 'node:crypto';
import { newEvent } from '../testing/event-store-contract';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { AppendTooLargeError, appendSize } from './append-size';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { chainEvents, toEventData } from './eventstoredb-records';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];
/** The server's MaxAppendSize (KURRENTDB_MAX_APPEND_SIZE): docker-compose.yml sets 16,000,000; the server's own default is 1 MiB. */
const serverLimit = Number(process.env['EVENTSTORE_MAX_APPEND_SIZE'] ?? 1024 * 1024);

const SKIPPED =
  'skipped: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB / KurrentDB server on this machine). Start one with ' +
  '`docker compose --profile eventstoredb up -d eventstoredb` and run `EVENTSTORE_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false EVENTSTORE_MAX_APPEND_SIZE=16000000 npm test`';

if (connectionString) {
  // Each test gets its own stream prefix, so its reads of $all see only its own streams. There is
  // no slowAppend: EventStoreDB cannot hold a write open, and $all has no late-commit holes.
  describeEventStoreContract('EventStoreDB', async () => {
    const store = await EventStoreDbEventStore.create({ connectionString, streamPrefix: `test-${randomUUID()}-`, maxAppendSize: serverLimit });
    return { store, cleanup: () => store.close() };
  });

  describe('the real server', () => {
    it('weighs an append as the adapter does: exactly its MaxAppendSize is taken, one byte more is refused by the server itself', async () => {
      // The adapter is told a larger limit than the server's, so the refusal must come from the server.
      const store = await EventStoreDbEventStore.create({ connectionString, streamPrefix: `test-${randomUUID()}-`, maxAppendSize: serverLimit + 1024 });
      try {
        const sized = (bytes: number) => {
          const base = [newEvent({ data: { text: '' } })];
          const size = appendSize(chainEvents('s', base, undefined, new Date()).map(toEventData));
          return [{ ...base[0]!, data: { text: 'x'.repeat(bytes - size) } }];
        };
        await expect(store.appendToStream('exact', sized(serverLimit))).resolves.toMatchObject({ alreadyStored: false });
        await expect(store.appendToStream('over', sized(serverLimit + 1))).rejects.toBeInstanceOf(AppendTooLargeError);
        expect(await store.readStream('over')).toEqual([]);
      } finally {
        await store.close();
      }
    }, 60_000);

    it('accepts a kurrentdb:// connection string', async () => {
      const store = await EventStoreDbEventStore.create({ connectionString: connectionString.replace(/^esdb/, 'kurrentdb'), streamPrefix: `test-${randomUUID()}-` });
      await store.close();
    });
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
