import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { protectIdentity } from './identity-protecting-store';
import { IdentityErasedError, IdentityVault } from './identity-vault';

const KEK = 'ab'.repeat(32);

describe('identity kept under a per-patient key', () => {
  let db: TestSchema;
  let vault: IdentityVault;
  beforeEach(async () => {
    db = await createTestSchema('vault');
    vault = await IdentityVault.create({ pool: db.pool, schema: db.schema, keyEncryptionKeyHex: KEK });
  });
  afterEach(() => db.drop());

  it('stores only ciphertext in the event store and reveals it with the key', async () => {
    const store = protectIdentity(await PostgresEventStore.create({ pool: db.pool, schema: db.schema }), vault);
    const patientId = randomUUID();
    const identity = { name: 'Hanako Yamada', mrn: 'MRN-99812', birthDate: '1950-04-03' };
    await store.appendToStream(`patient-${patientId}`, [
      {
        eventId: randomUUID(),
        type: 'PatientEnrolled',
        schemaVersion: 1,
        data: { identity, careTeam: 'haem-a' },
        metadata: { actor: { userId: 'a', role: 'clinician' }, correlationId: 'c', causationId: null },
        occurredAt: new Date().toISOString(),
      },
    ]);
    const { rows } = await db.pool.query(`SELECT data::text FROM ${db.schema}.events`);
    expect(rows[0].data).not.toContain('Hanako');
    expect(rows[0].data).not.toContain('MRN-99812');
    expect(rows[0].data).not.toContain('1950-04-03');
    const [stored] = await store.readStream(`patient-${patientId}`);
    expect(await vault.reveal(patientId, (stored!.data as { identity: unknown }).identity)).toEqual(identity);
  });

  it('cannot reveal after the key is destroyed, nor seal anew', async () => {
    const patientId = randomUUID();
    const envelope = await vault.seal(patientId, { name: 'Taro' });
    expect(await vault.destroy(patientId, 'admin-1', 'GDPR art. 17 request')).toBe(true);
    expect(await vault.destroy(patientId, 'admin-1', 'again')).toBe(false);
    expect(await vault.reveal(patientId, envelope)).toEqual({ erased: true });
    await expect(vault.seal(patientId, { name: 'Taro' })).rejects.toBeInstanceOf(IdentityErasedError);
    const { rows } = await db.pool.query(`SELECT wrapped_key FROM ${db.schema}.data_keys WHERE patient_id = $1`, [patientId]);
    expect(rows[0].wrapped_key).toBeNull();
  });

  it('does not open an envelope moved to another patient', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const envelope = await vault.seal(a, { name: 'A' });
    await vault.seal(b, { name: 'B' });
    await expect(vault.reveal(b, { ...envelope, kid: b })).rejects.toThrow();
  });
});
