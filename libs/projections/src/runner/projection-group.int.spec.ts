import { randomUUID } from 'node:crypto';
import { type NewEvent, PostgresEventStore, type StoredEvent } from '@poems/event-store';
import { createTestSchema, eventually, type TestSchema } from '@poems/testing';
import { ProjectionCatalog } from './projection-catalog';
import type { ProjectionDefinition } from './projection-definition';
import { ProjectionGroup } from './projection-group';

const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: {},
  metadata: { actor: { userId: 't', role: 'clinician' }, correlationId: 'c', causationId: null },
  occurredAt: '2026-01-01T00:00:00.000Z',
});

/** Counts the events of one type it handles into its own table; `failOn` makes apply throw on such an event. */
function counter(name: string, type: string, failOn?: () => boolean): ProjectionDefinition {
  return {
    name,
    version: 1,
    tables: [{ name: `${name}_seen`, columns: 'event_id uuid PRIMARY KEY' }],
    handles: (e: StoredEvent) => e.type === type,
    async apply(context, events) {
      if (failOn?.()) throw new Error(`${name} refuses this batch`);
      await context.client.query(`INSERT INTO ${context.table(`${name}_seen`)} SELECT unnest($1::uuid[])`, [events.map((e) => e.eventId)]);
    },
  };
}

describe('a group of projections fed by one read of the global order', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let catalog: ProjectionCatalog;
  const count = async (table: string) => (await db.pool.query(`SELECT count(*)::int AS n FROM ${db.schema}.${table}`)).rows[0].n as number;
  const checkpoint = async (name: string) => (await catalog.state(name))!.checkpoint;

  beforeEach(async () => {
    db = await createTestSchema('group', 8);
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('applies each batch to every projection in one transaction, batches growing with what arrived', async () => {
    const group = new ProjectionGroup(catalog, store, [counter('a', 'A'), counter('b', 'B'), counter('c', 'A')]);
    // 300 events in 30 appends before the group starts: a catch-up in a few big batches.
    for (let i = 0; i < 30; i++) await store.appendToStream(`s-${i}`, Array.from({ length: 10 }, (_, k) => event(k % 2 ? 'A' : 'B')));
    group.start();
    const head = await store.headPosition();
    await eventually(async () => ((await checkpoint('a')) >= head && (await checkpoint('b')) >= head && (await checkpoint('c')) >= head ? true : undefined), 'the group to catch up');
    await group.stop();
    expect([await count('a_seen'), await count('b_seen'), await count('c_seen')]).toEqual([150, 150, 150]);
    expect(group.stats.events).toBe(300);
    expect(group.stats.batches).toBe(1); // one read of everything there was, not one per projection
    expect(group.stats.transactions).toBe(1); // one commit for all three projections
  });

  it('costs no transaction for batches that no projection handles, and saves their position on a timer', async () => {
    const group = new ProjectionGroup(catalog, store, [counter('a', 'A')]);
    group.start();
    await eventually(async () => ((await catalog.state('a')) ? true : undefined), 'the projection to exist');
    for (let i = 0; i < 5; i++) await store.appendToStream(`n-${i}`, [event('Other')]);
    const head = await store.headPosition();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(group.stats.transactions).toBe(0);
    expect(await checkpoint('a')).toBeLessThan(head);
    await eventually(async () => ((await checkpoint('a')) >= head ? true : undefined), 'the idle position to be saved', 5000);
    await group.stop();
    expect(group.stats.transactions).toBe(1);
  });

  it('takes a failing projection out of the group: the others carry on, it catches up alone once it works', async () => {
    let broken = true;
    const group = new ProjectionGroup(catalog, store, [counter('good', 'A'), counter('bad', 'A', () => broken)]);
    group.start();
    for (let i = 0; i < 3; i++) await store.appendToStream(`f-${i}`, [event('A'), event('A')]);
    const head = await store.headPosition();
    await eventually(async () => ((await checkpoint('good')) >= head ? true : undefined), 'the healthy projection to reach the head');
    expect(await count('good_seen')).toBe(6);
    expect(await checkpoint('bad')).toBeLessThan(head);
    broken = false;
    await eventually(async () => ((await checkpoint('bad')) >= head ? true : undefined), 'the failing projection to catch up alone', 15_000);
    await group.stop();
    expect(await count('bad_seen')).toBe(6);
  });

  it('never moves back a projection that is ahead of the others', async () => {
    await catalog.ensure(counter('ahead', 'A'));
    for (let i = 0; i < 4; i++) await store.appendToStream(`m-${i}`, [event('A')]);
    const head = await store.headPosition();
    await db.pool.query(`UPDATE ${db.schema}.projection_state SET checkpoint = $1 WHERE name = 'ahead'`, [head]);
    const group = new ProjectionGroup(catalog, store, [counter('ahead', 'A'), counter('behind', 'A')]);
    group.start();
    await eventually(async () => ((await checkpoint('behind')) >= head ? true : undefined), 'the lagging projection to catch up');
    await group.stop();
    expect([await count('ahead_seen'), await count('behind_seen')]).toEqual([0, 4]);
    expect(await checkpoint('ahead')).toBe(head);
  });
});
