import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type StoredEvent } from '@poems/event-store';
import { createTestSchema, recordCommands, type TestSchema } from '@poems/testing';
import type { PoolClient } from 'pg';
import { researchProjection } from './research/research-projection';
import { responsesProjection } from './responses/responses-projection';
import { ProjectionCatalog } from './runner/projection-catalog';
import type { ProjectionDefinition } from './runner/projection-definition';

const KEY = '3c'.repeat(32);

/**
 * Vital signs and blood counts are most of a ward's traffic and mean nothing to the response or the
 * research views: a batch of them used to cost those two projections five statements (load and
 * save of both response rows, a load of measurement rows), in the worker's one transaction per batch.
 */
describe('the response and research projections on events they have nothing to say about', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let catalog: ProjectionCatalog;
  const patientId = randomUUID();
  const definitions = [responsesProjection(KEY), researchProjection(KEY)];
  let enrolment: StoredEvent[];
  let ward: StoredEvent[];
  let vegf: StoredEvent[];

  beforeAll(async () => {
    db = await createTestSchema('rmstmt');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
    for (const definition of definitions) await catalog.ensure(definition);
    const at = (hour: number) => `2026-05-02T0${hour}:00:00.000Z`;
    enrolment = await recordCommands(store, [
      { type: 'EnrollPatient', patientId, birthDate: '1956-03-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2026-05-01T00:00:00.000Z', name: 'Ward Patient' },
      { type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: '2026-05-01T02:00:00.000Z' },
    ]);
    // recordCommands answers the whole stream: each batch is what its call added.
    const added = (before: StoredEvent[], after: StoredEvent[]) => after.slice(before.length);
    ward = added(enrolment, await recordCommands(store, [
      { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 72, assessedAt: at(1) },
      { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 44, assessedAt: at(2) },
      { type: 'RecordLabResult', patientId, test: 'PLATELETS', value: 210, unit: '10*3/uL', collectedAt: at(3) },
    ]));
    vegf = added([...enrolment, ...ward], await recordCommands(store, [{ type: 'RecordLabResult', patientId, test: 'VEGF', value: 900, unit: 'pg/mL', collectedAt: at(4), specimen: 'serum', method: 'RIA' }]));
  });

  afterAll(() => db.drop());

  /** Applies a batch as the group does (only the events the projection handles) and counts the statements. */
  async function statementsFor(definition: ProjectionDefinition, events: StoredEvent[]): Promise<number> {
    const client = await db.pool.connect();
    let statements = 0;
    const counting = new Proxy(client, {
      get: (target, property) => (property === 'query' ? (...args: Parameters<PoolClient['query']>) => ((statements += 1), (target.query as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, property)),
    });
    try {
      const generation = (await catalog.state(definition.name))!.generation;
      const relevant = events.filter((event) => definition.handles(event));
      if (relevant.length > 0) await definition.apply({ client: counting, table: (name) => catalog.physical(name, generation) }, relevant);
    } finally {
      client.release();
    }
    return statements;
  }

  it('spend no statement on a batch of vital signs and a platelet count', async () => {
    expect(ward.map((event) => event.type)).toEqual(['AssessmentRecorded', 'AssessmentRecorded', 'LabResultRecorded']);
    for (const definition of definitions) await statementsFor(definition, enrolment);
    expect(await statementsFor(definitions[0]!, ward)).toBe(0);
    expect(await statementsFor(definitions[1]!, ward)).toBe(0);
  });

  it('still record a VEGF: the response row counts it and the research view has its measurement', async () => {
    for (const definition of definitions) await statementsFor(definition, vegf);
    const response = await db.pool.query(`SELECT row FROM ${db.schema}.patient_responses WHERE patient_id = $1`, [patientId]);
    expect(response.rows[0].row.measurements).toEqual([expect.objectContaining({ kind: 'VEGF', value: 900 })]);
    const research = await db.pool.query(`SELECT kind, value FROM ${db.schema}.research_measurements`);
    expect(research.rows).toEqual([{ kind: 'VEGF', value: 900 }]);
  });
});
