/** PostgreSQL's `undefined_table`. */
const UNDEFINED_TABLE = '42P01';

/**
 * A read of a projection's table, answering `empty` while the table does not exist yet: an API
 * started before any worker built the read models (a fresh deployment, the API's pods up first)
 * shows nothing yet rather than failing. Any other error is the caller's.
 */
export async function beforeBuilt<T, E = T>(read: Promise<T>, empty: E): Promise<T | E> {
  try {
    return await read;
  } catch (error) {
    if (isUndefinedTable(error)) return empty;
    throw error;
  }
}

export function isUndefinedTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === UNDEFINED_TABLE;
}
