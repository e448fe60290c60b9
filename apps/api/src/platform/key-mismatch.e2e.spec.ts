import { createTestSchema, type TestSchema } from '@poems/testing';
import { startApiProcess } from '../testing/api-process';

/** A regenerated .env against an existing database: the API refuses to start, saying what to do. */
describe('starting the API with another DATA_KEY_ENCRYPTION_KEY than the database was written with', () => {
  let db: TestSchema;
  beforeAll(async () => {
    db = await createTestSchema('kekswap');
  });
  afterAll(() => db.drop());

  it('refuses to start and says to restore the key or use a fresh schema', async () => {
    const env = { AUTH_JWT_SECRET: 's'.repeat(40), RATE_LIMIT_PER_ADDRESS: '100000' };
    const first = await startApiProcess(db.schema, { ...env, DATA_KEY_ENCRYPTION_KEY: 'a1'.repeat(32) });
    await first.stop();
    const refusal = await startApiProcess(db.schema, { ...env, DATA_KEY_ENCRYPTION_KEY: 'b2'.repeat(32) }).then(
      async (api) => {
        await api.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(refusal).toContain('poems-api failed to start: DATA_KEY_ENCRYPTION_KEY is not the key the data in schema');
    expect(refusal).toContain('Restore the DATA_KEY_ENCRYPTION_KEY this database was created with');
    const again = await startApiProcess(db.schema, { ...env, DATA_KEY_ENCRYPTION_KEY: 'a1'.repeat(32) });
    await again.stop();
  }, 90_000);
});
