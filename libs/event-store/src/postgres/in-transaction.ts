import type { Pool, PoolClient } from 'pg';

async function rollbackQuietly(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch {
    // The connection is already broken; releasing it is all that is left to do.
  }
}

/**
 * `work` on one pooled connection inside BEGIN … COMMIT: rolled back (quietly, the connection may
 * be broken) and rethrown when it fails; the connection always goes back to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await rollbackQuietly(client);
    throw error;
  } finally {
    client.release();
  }
}
