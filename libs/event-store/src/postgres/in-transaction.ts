import type { Pool, PoolClient, QueryResult } from 'pg';

async function rollbackQuietly(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch {
    // The connection is already broken; releasing it is all that is left to do.
  }
}

/**
 * What opens and what ends the transaction, when statements should travel with them in one
 * message (simple queries: no parameters). By default a bare `BEGIN` and `COMMIT`.
 */
export interface TransactionMessages {
  /** `BEGIN; …`: its statements' results are handed to the work, in order (the BEGIN's first). */
  begin?: string;
  /** `…; COMMIT`. */
  commit?: string;
}

/**
 * `work` on one pooled connection inside BEGIN … COMMIT: rolled back (quietly, the connection may
 * be broken) and rethrown when it fails; the connection always goes back to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient, begun: QueryResult[]) => Promise<T>, messages: TransactionMessages = {}): Promise<T> {
  const client = await pool.connect();
  try {
    // A message of several statements answers an array of results, a single statement one result.
    const begun = ([] as QueryResult[]).concat((await client.query(messages.begin ?? 'BEGIN')) as QueryResult | QueryResult[]);
    const result = await work(client, begun);
    await client.query(messages.commit ?? 'COMMIT');
    return result;
  } catch (error) {
    await rollbackQuietly(client);
    throw error;
  } finally {
    client.release();
  }
}
