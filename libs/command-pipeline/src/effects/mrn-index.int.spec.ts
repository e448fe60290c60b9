import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import { IdentityVault, protectIdentity } from '@poems/identity-vault';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { CommandEffects } from './command-effects';
import { COMMAND_EFFECTS } from './erasure-effect';
import { MrnIndex, mrnIndexEffects } from './mrn-index';

describe('the MRN blind index, kept by command effects', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let vault: IdentityVault;
  let index: MrnIndex;
  let effects: CommandEffects;
  const metadata = { actor: { userId: 'root', role: 'admin' as const }, correlationId: 'c', causationId: null };

  beforeAll(async () => {
    db = await createTestSchema('mrnindex');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    vault = await IdentityVault.create({ pool: db.pool, schema: db.schema, keyEncryptionKeyHex: '55'.repeat(32) });
    index = new MrnIndex({ pool: db.pool, schema: db.schema, keyEncryptionKeyHex: '55'.repeat(32), authority: 'hosp' });
    effects = new CommandEffects([...COMMAND_EFFECTS, ...mrnIndexEffects(index)], { store: protectIdentity(store, vault), rawStore: store, vault });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('finds a patient by MRN from enrolment, follows a corrected MRN, forgets it on erasure, and holds no MRN in clear', async () => {
    const patientId = randomUUID();
    const streamId = `patient-${patientId}`;
    const enrolled = { streamId, type: 'PatientEnrolled', data: { patientId, identity: { birthDate: '1950-01-01', mrn: ' mrn-77 ' } }, metadata };
    expect(await effects.run(effects.owedBy([enrolled]))).toEqual(['mrn-indexed']);
    expect(await index.find('HOSP', 'MRN-77')).toEqual([patientId]);
    expect(await index.find('OTHER', 'MRN-77')).toEqual([]);

    // The worker replays the stored (sealed) enrolment: the same entry, found through the vault.
    await protectIdentity(store, vault).appendToStream(streamId, [{ eventId: randomUUID(), type: 'PatientEnrolled', schemaVersion: 1, data: enrolled.data, metadata, occurredAt: '2026-01-01T00:00:00.000Z' }]);
    const [sealed] = await store.readStream(streamId);
    await effects.run(effects.owedBy([sealed!]));
    expect(await index.find('HOSP', 'mrn-77')).toEqual([patientId]);

    const corrected = { streamId, type: 'EventCorrected', data: { correctedType: 'PatientEnrolled', data: { identity: { birthDate: '1950-01-01', mrn: 'MRN-78' } } }, metadata };
    const labCorrection = { streamId, type: 'EventCorrected', data: { correctedType: 'LabResultRecorded', data: {} }, metadata };
    expect(await effects.run(effects.owedBy([corrected, labCorrection]))).toEqual(['mrn-reindexed']);
    expect([await index.find('HOSP', 'MRN-77'), await index.find('HOSP', 'MRN-78')]).toEqual([[], [patientId]]);

    const { rows } = await db.pool.query(`SELECT * FROM ${db.schema}.mrn_index`);
    expect(JSON.stringify(rows)).not.toMatch(/MRN-7/i);

    expect(await effects.run(effects.owedBy([{ streamId, type: 'PatientIdentityErased', data: { reason: 'request' }, metadata }]))).toEqual(['data-key-destroyed', 'mrn-unindexed']);
    expect(await index.find('HOSP', 'MRN-78')).toEqual([]);
    // A replay of the enrolment after the erasure writes nothing back: the identity no longer opens.
    await effects.run(effects.owedBy([sealed!]));
    expect(await index.find('HOSP', 'MRN-77')).toEqual([]);
  });
});
