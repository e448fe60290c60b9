import { createTestSchema } from '@poems/testing';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestSchema('es', 20);
  const store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
  return {
    store,
    async slowAppend(streamId, events, delayMs, outcome) {
      const slow = await PostgresEventStore.create({
        pool: db.pool,
        schema: db.schema,
        beforeCommit: async () => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (outcome === 'rollback') throw new Error('injected failure before commit');
        },
      });
      try {
        await slow.appendToStream(streamId, events);
      } catch (error) {
        if (outcome === 'commit') throw error;
      } finally {
        await slow.close();
      }
    },
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
});
