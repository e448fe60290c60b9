import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '@poems/testing';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { countStatements } from './metrics';

/** The worker's budget per event (BENCHMARKS.md) is read from these two counters: they must count what PostgreSQL runs. */
describe('the statement and commit counters', () => {
  let db: TestSchema;
  // A pool of its own: counting starts with its first connection.
  const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  const registry = new Registry();
  const value = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    db = await createTestSchema('stmtcount', 2);
    countStatements(pool, registry);
    await db.pool.query(`CREATE TABLE ${db.schema}.t (n int)`);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('count each statement of a message that holds several, and the commit that ends it', async () => {
    const [statements, commits] = [await value('poems_db_statements_total'), await value('poems_db_commits_total')];
    const client = await pool.connect();
    try {
      await client.query(`BEGIN; SELECT 1`);
      await client.query(`INSERT INTO ${db.schema}.t VALUES ($1)`, [1]);
      await client.query(`UPDATE ${db.schema}.t SET n = 2; COMMIT`);
      await client.query(`INSERT INTO ${db.schema}.t VALUES (3)`);
      await client.query(`SELECT n FROM ${db.schema}.t WHERE n = $1`, [2]);
      await client.query(`BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY stmtcount; COMMIT`);
    } finally {
      client.release();
    }
    // 2 + 1 + 2 + 1 + 1 + 4 statements; commits: the explicit two, and the insert outside a transaction.
    expect((await value('poems_db_statements_total')) - statements).toBe(11);
    expect((await value('poems_db_commits_total')) - commits).toBe(3);
  });
});
