import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import { IdentityVault, protectIdentity } from '@poems/identity-vault';
import { ProjectionCatalog, ProjectionRunner } from '@poems/projections';
import { createTestSchema, eventually, type TestSchema } from '@poems/testing';
import { CommandEffects } from './command-effects';
import { COMMAND_EFFECTS } from './erasure-effect';
import { owedEffectsProjection } from './owed-effects.projection';

describe('an erasure stored by a process that crashed before destroying the key', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let vault: IdentityVault;

  beforeAll(async () => {
    db = await createTestSchema('effects');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    vault = await IdentityVault.create({ pool: db.pool, schema: db.schema, keyEncryptionKeyHex: '55'.repeat(32) });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('has its key destroyed by the worker’s owed-effects projection', async () => {
    const patientId = randomUUID();
    const protectedStore = protectIdentity(store, vault);
    const metadata = { actor: { userId: 'root', role: 'admin' as const }, correlationId: 'c', causationId: null };
    await protectedStore.appendToStream(`patient-${patientId}`, [
      { eventId: randomUUID(), type: 'PatientEnrolled', schemaVersion: 1, data: { patientId, identity: { birthDate: '1950-01-01', name: 'Ren Aoki' } }, metadata, occurredAt: '2026-01-01T00:00:00.000Z' },
      // As the handler stores it; the process dies before the effect runs.
      { eventId: randomUUID(), type: 'PatientIdentityErased', schemaVersion: 1, data: { reason: 'request' }, metadata, occurredAt: '2026-02-01T00:00:00.000Z' },
    ]);
    expect(await vault.isErased(patientId)).toBe(false);

    const catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
    const deps = { store: protectedStore, rawStore: store, vault };
    const definition = owedEffectsProjection(new CommandEffects(COMMAND_EFFECTS, deps));
    await catalog.ensure(definition);
    const runner = new ProjectionRunner(catalog, store, definition);
    runner.start();
    try {
      await eventually(() => vault.isErased(patientId), 'the key to be destroyed');
    } finally {
      await runner.stop();
    }
  });
});
