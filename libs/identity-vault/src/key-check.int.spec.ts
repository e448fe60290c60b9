import { randomUUID } from 'node:crypto';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { IdentityVault } from './identity-vault';
import { KeyMismatchError } from './key-check';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

describe('opening the vault with a key-encryption key', () => {
  let db: TestSchema;
  beforeEach(async () => {
    db = await createTestSchema('keycheck');
  });
  afterEach(() => db.drop());

  const open = (key: string) => IdentityVault.create({ pool: db.pool, schema: db.schema, keyEncryptionKeyHex: key });

  it('refuses another key than the one the schema was first used with, saying what to do', async () => {
    const vault = await open(KEY_A);
    const patientId = randomUUID();
    const envelope = await vault.seal(patientId, { name: 'Hanako' });
    const refusal = await open(KEY_B).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(KeyMismatchError);
    expect((refusal as Error).message).toContain(`DATA_KEY_ENCRYPTION_KEY is not the key the data in schema "${db.schema}" was written with`);
    expect((refusal as Error).message).toMatch(/Restore the DATA_KEY_ENCRYPTION_KEY .* or point DATABASE_SCHEMA/);
    // The right key still opens everything.
    expect(await (await open(KEY_A)).reveal(patientId, envelope)).toEqual({ name: 'Hanako' });
  });

  it('refuses a key that is checked before any data exists, too (the check value is stored at first use)', async () => {
    await open(KEY_A);
    await expect(open(KEY_B)).rejects.toBeInstanceOf(KeyMismatchError);
  });

  it('on a database from before check values, proves the key on a stored data key before recording its check value', async () => {
    const vault = await open(KEY_A);
    await vault.seal(randomUUID(), { name: 'Taro' });
    await db.pool.query(`DELETE FROM ${db.schema}.key_checks`);
    await expect(open(KEY_B)).rejects.toBeInstanceOf(KeyMismatchError);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM ${db.schema}.key_checks`)).rows[0].n).toBe(0);
    await open(KEY_A);
    await expect(open(KEY_B)).rejects.toBeInstanceOf(KeyMismatchError);
  });
});
