import { systemPrincipal, type Principal } from '@poems/auth';
import { ConcurrencyError, type EventStore, InMemoryEventStore } from '@poems/event-store';
import type { IdentityVault } from '@poems/identity-vault';
import { DomainError } from '@poems/kernel';
import type { CommandContext } from './command-context';
import { CommandHandler } from './command-handler';
import { CommandEffects } from './effects/command-effects';
import { COMMAND_EFFECTS } from './effects/erasure-effect';
import { RequestHasher } from './event-ids';
import { InMemoryIdempotencyRegistry, type IdempotencyRegistry } from './idempotency-registry';
import { ALERT_STREAM } from './kinds/alert-stream';
import { PATIENT_STREAM } from './kinds/patient-stream';

const NOW = new Date('2026-03-01T12:00:00Z');
const PATIENT = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
const ALERT = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
const alice: Principal = { userId: 'alice', roles: ['clinician'], careTeams: ['haem-a'] };
const bob: Principal = { userId: 'bob', roles: ['clinician'], careTeams: ['haem-b'] };
const admin: Principal = { userId: 'root', roles: ['admin'], careTeams: [] };
const researcher: Principal = { userId: 'rita', roles: ['researcher'], careTeams: [] };

const enrol = { type: 'EnrollPatient', patientId: PATIENT, birthDate: '1955-04-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00Z', name: 'Taro Yamada' };
const vegf = (value: number, collectedAt = '2026-02-01T08:00:00Z') => ({ type: 'RecordLabResult', patientId: PATIENT, test: 'VEGF', value, unit: 'pg/mL', collectedAt });
const ctx = (principal: Principal, extra: Partial<CommandContext> = {}): CommandContext => ({ principal, correlationId: 'c-1', source: 'api', ...extra });

/** A vault that records what it is asked (the real one is tested against PostgreSQL). */
function fakeVault() {
  const destroyed: string[] = [];
  const vault = {
    seal: async (_patientId: string, identity: unknown) => identity,
    reveal: async (_patientId: string, identity: unknown) => identity,
    destroy: async (patientId: string) => (destroyed.push(patientId), true),
    isErased: async (patientId: string) => destroyed.includes(patientId),
  } as unknown as IdentityVault;
  return { vault, destroyed };
}

function setup(options: { store?: EventStore; registry?: IdempotencyRegistry } = {}) {
  const store = options.store ?? new InMemoryEventStore(() => NOW);
  const { vault, destroyed } = fakeVault();
  const deps = { store, rawStore: store, vault };
  const handler = new CommandHandler(deps, options.registry ?? new InMemoryIdempotencyRegistry(), new CommandEffects(COMMAND_EFFECTS, deps), new RequestHasher('k'.repeat(64)), {
    clock: () => NOW,
    maxClockSkewMs: 300_000,
  });
  return { store, handler, destroyed };
}

describe('a command through the handler', () => {
  it('is decided on the folded stream and stored with who, why, from where and the request’s fingerprint', async () => {
    const { store, handler } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    const outcome = await handler.handle(PATIENT_STREAM, vegf(1800), ctx(alice, { correlationId: 'c-2', idempotencyKey: 'k-1' }));
    expect(outcome).toMatchObject({ streamId: `patient-${PATIENT}`, revision: 1, replayed: false, events: [{ type: 'LabResultRecorded' }] });
    const [, lab] = await store.readStream(`patient-${PATIENT}`);
    expect(lab!.metadata).toEqual({
      actor: { userId: 'alice', role: 'clinician' },
      correlationId: 'c-2',
      causationId: null,
      idempotencyKey: 'k-1',
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      reason: null,
      source: 'api',
    });
  });

  it('never answers with the identity it recorded', async () => {
    const { handler } = setup();
    const outcome = await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    expect(JSON.stringify(outcome)).not.toContain('Yamada');
  });
});

describe('who may send a command', () => {
  it('is decided by roles before the body is looked at, then by the resource once loaded', async () => {
    const { store, handler } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    await expect(handler.handle(PATIENT_STREAM, { ...vegf(1), value: 'lots' }, ctx(researcher))).rejects.toMatchObject({ code: 'FORBIDDEN', kind: 'forbidden' });
    await expect(handler.handle(PATIENT_STREAM, { ...vegf(1), value: 'lots' }, ctx(alice))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', kind: 'validation' });
    const hidden = await handler.handle(PATIENT_STREAM, vegf(900), ctx(bob)).catch((error: DomainError) => error);
    const missing = await handler.handle(PATIENT_STREAM, { ...vegf(900), patientId: ALERT }, ctx(bob)).catch((error: DomainError) => error);
    expect(hidden).toMatchObject({ code: 'PATIENT_NOT_ENROLLED', kind: 'not_found' });
    expect((hidden as DomainError).message).toBe((missing as DomainError).message);
    expect(await store.readStream(`patient-${PATIENT}`)).toHaveLength(1);
  });

  it('lets only the system raise an alert, and only the care team acknowledge it', async () => {
    const { handler } = setup();
    const raise = { type: 'RaiseAlert', alertId: ALERT, patientId: PATIENT, careTeam: 'haem-a', rule: 'BRADYCARDIA', severity: 'warning', episodeKey: 'e', clinicalTime: '2026-02-01T00:00:00.000Z', summary: 'Heart rate 44', evidence: ['x'] };
    await expect(handler.handle(ALERT_STREAM, raise, ctx(admin))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await handler.handle(ALERT_STREAM, raise, ctx(systemPrincipal('alert-engine'), { source: 'worker' }));
    const ack = (by: Principal) => ({ type: 'AcknowledgeAlert', alertId: ALERT, by: { userId: by.userId, role: 'clinician' }, outcome: 'accepted' });
    await expect(handler.handle(ALERT_STREAM, ack(bob), ctx(bob))).rejects.toMatchObject({ code: 'ALERT_NOT_FOUND' });
    await expect(handler.handle(ALERT_STREAM, ack(alice), ctx(alice))).resolves.toMatchObject({ events: [{ type: 'AlertAcknowledged' }] });
  });
});

describe('a concurrent append between the read and the write', () => {
  /** A store that lets another writer in once, just before the handler's append. */
  function racing(other: () => Promise<unknown>): EventStore {
    const store = new InMemoryEventStore(() => NOW);
    let raced = false;
    return Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        if (!raced) {
          raced = true;
          await other();
        }
        return store.appendToStream(...args);
      },
    });
  }

  it('is decided again on the newer state when the caller set no expectation', async () => {
    const other: { handler?: CommandHandler } = {};
    const store = racing(() => other.handler!.handle(PATIENT_STREAM, enrol, ctx(alice)));
    const { handler } = setup({ store });
    other.handler = handler;
    await expect(handler.handle(PATIENT_STREAM, enrol, ctx(alice))).rejects.toMatchObject({ code: 'ALREADY_ENROLLED' });
    const outcome = await handler.handle(PATIENT_STREAM, vegf(1200), ctx(alice));
    expect(outcome.revision).toBe(1);
  });

  it('is a conflict, not retried, when the caller sent the revision it read (If-Match)', async () => {
    const { handler, store } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    await handler.handle(PATIENT_STREAM, vegf(1200), ctx(alice));
    await expect(handler.handle(PATIENT_STREAM, vegf(900, '2026-02-10T08:00:00Z'), ctx(alice, { expectedRevision: 0 }))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(`patient-${PATIENT}`)).toHaveLength(2);
  });
});

describe('an Idempotency-Key', () => {
  it('answers the same request again with the first answer and writes nothing', async () => {
    const { handler, store } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    const first = await handler.handle(PATIENT_STREAM, vegf(1800), ctx(alice, { idempotencyKey: 'k' }));
    const again = await handler.handle(PATIENT_STREAM, vegf(1800), ctx(alice, { idempotencyKey: 'k' }));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.readStream(`patient-${PATIENT}`)).toHaveLength(2);
  });

  it('refuses another request under the same key, on any stream, before anything is written', async () => {
    const { handler, store } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    await handler.handle(PATIENT_STREAM, vegf(1800), ctx(alice, { idempotencyKey: 'k' }));
    await expect(handler.handle(PATIENT_STREAM, vegf(1900), ctx(alice, { idempotencyKey: 'k' }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', kind: 'unprocessable' });
    await expect(handler.handle(PATIENT_STREAM, { ...enrol, patientId: ALERT }, ctx(alice, { idempotencyKey: 'k' }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await store.readAll()).toHaveLength(2);
    // The key is the caller's own: another caller may use the same text.
    await expect(handler.handle(PATIENT_STREAM, vegf(1900, '2026-02-03T08:00:00Z'), ctx({ ...alice, userId: 'carol' }, { idempotencyKey: 'k' }))).resolves.toMatchObject({ replayed: false });
  });

  it('is free again when its request was refused (nothing was written)', async () => {
    const { handler } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    await expect(handler.handle(PATIENT_STREAM, vegf(1800, '2030-01-01T00:00:00Z'), ctx(alice, { idempotencyKey: 'k' }))).rejects.toMatchObject({ code: 'TIME_IN_FUTURE' });
    await expect(handler.handle(PATIENT_STREAM, vegf(1800), ctx(alice, { idempotencyKey: 'k' }))).resolves.toMatchObject({ replayed: false });
  });

  it('answers from the stored events when the first attempt stored them but could not record its answer (a crash)', async () => {
    const registry = new InMemoryIdempotencyRegistry();
    let failOnce = true;
    const flaky: IdempotencyRegistry = {
      claim: (...args) => registry.claim(...args),
      release: (...args) => registry.release(...args),
      answer: async (...args) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('connection lost');
        }
        return registry.answer(...args);
      },
    };
    const { handler, store } = setup({ registry: flaky });
    await handler.handle(PATIENT_STREAM, enrol, ctx(admin, { idempotencyKey: 'enrol' })).catch(() => undefined);
    const retried = await handler.handle(PATIENT_STREAM, enrol, ctx(admin, { idempotencyKey: 'enrol' }));
    expect(retried).toMatchObject({ replayed: true, revision: 0, events: [{ type: 'PatientEnrolled' }] });
    expect(await store.readStream(`patient-${PATIENT}`)).toHaveLength(1);
  });
});

describe('what a command owes beyond its events', () => {
  it('runs after the events are stored: an erasure destroys the data key, and a replay makes sure it did', async () => {
    const { handler, destroyed, store } = setup();
    await handler.handle(PATIENT_STREAM, enrol, ctx(alice));
    const erase = { type: 'ErasePatientIdentity', patientId: PATIENT, reason: 'request of 2026-02-28' };
    await expect(handler.handle(PATIENT_STREAM, erase, ctx(alice))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(destroyed).toEqual([]);
    const outcome = await handler.handle(PATIENT_STREAM, erase, ctx(admin, { idempotencyKey: 'erase' }));
    expect(outcome.effects).toEqual(['data-key-destroyed']);
    expect(destroyed).toEqual([PATIENT]);
    expect((await store.readStream(`patient-${PATIENT}`)).at(-1)).toMatchObject({ type: 'PatientIdentityErased', metadata: { reason: 'request of 2026-02-28' } });
  });

  it('runs for a batching door’s events after they are committed, and only for those that owe one', async () => {
    const { handler, destroyed } = setup();
    const ctxImport = ctx(admin, { source: 'import' });
    const decided = await handler.decideOnStream(PATIENT_STREAM, `patient-${PATIENT}`, [enrol, vegf(1200), { type: 'ErasePatientIdentity', patientId: PATIENT, reason: 'r' }].map((command, i) => ({ command: PATIENT_STREAM.parse(command), part: String(i + 1) })), ctxImport, 'h');
    const owed = handler.owed(decided.events.map((event) => ({ ...event, streamId: `patient-${PATIENT}` })));
    expect(owed.map((event) => event.type)).toEqual(['PatientIdentityErased']);
    expect(destroyed).toEqual([]);
    const committed = await handler.commitBatches(PATIENT_STREAM, (async function* () { yield [{ streamId: `patient-${PATIENT}`, events: decided.events, expectedRevision: 'no_stream' as const }]; })(), owed);
    expect(committed).toMatchObject({ summary: { events: 3 }, effects: ['data-key-destroyed'] });
    expect(destroyed).toEqual([PATIENT]);
  });
});
