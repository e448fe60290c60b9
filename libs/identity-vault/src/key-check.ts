import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * A key check value: HMAC-SHA256 of a fixed label under the key, stored the first time a key is
 * used with a schema and compared at every start after. It tells whether the configured key is
 * the one the stored data was written with, and reveals nothing about the key itself. Without
 * it, a regenerated .env against an existing database started fine and then failed every read
 * of an identity (every timeline answered 500).
 */
export const KEY_CHECKS_TABLE_SQL = (s: string) => `
  CREATE TABLE IF NOT EXISTS ${s}.key_checks (
    key_name    text PRIMARY KEY,
    check_value text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
  );`;

export class KeyMismatchError extends Error {
  constructor(
    readonly keyName: string,
    readonly schema: string,
  ) {
    super(
      `${keyName} is not the key the data in schema "${schema}" was written with (its key check value differs), so no stored identity could be read. ` +
        `Restore the ${keyName} this database was created with (from your secrets store, or the .env it was written with), ` +
        'or point DATABASE_SCHEMA (or DATABASE_URL) at a fresh schema to start empty. ' +
        'Deleting the stored check value does not help: the data would stay unreadable.',
    );
    this.name = 'KeyMismatchError';
  }
}

export function keyCheckValue(keyName: string, key: Buffer): string {
  return createHmac('sha256', key).update(`poems key check v1: ${keyName}`).digest('hex');
}

/**
 * Compares the key with the stored check value, storing it when there is none. `provesKey` is
 * asked first in that case: a database written before check values existed must still show
 * that the key opens what it holds (it returns false when it cannot).
 */
export async function verifyKeyCheck(pool: Pool, schema: string, keyName: string, key: Buffer, provesKey: () => Promise<boolean>): Promise<void> {
  const expected = keyCheckValue(keyName, key);
  const read = async () => (await pool.query<{ check_value: string }>(`SELECT check_value FROM ${schema}.key_checks WHERE key_name = $1`, [keyName])).rows[0]?.check_value;
  let stored = await read();
  if (stored === undefined) {
    if (!(await provesKey())) throw new KeyMismatchError(keyName, schema);
    await pool.query(`INSERT INTO ${schema}.key_checks (key_name, check_value) VALUES ($1, $2) ON CONFLICT (key_name) DO NOTHING`, [keyName, expected]);
    stored = await read();
  }
  const matches = stored !== undefined && stored.length === expected.length && timingSafeEqual(Buffer.from(stored), Buffer.from(expected));
  if (!matches) throw new KeyMismatchError(keyName, schema);
}
