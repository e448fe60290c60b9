import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@poems/event-store';
import type { PatientCommandInput } from '@poems/patient';
import { foldResearch, MEASUREMENT_KINDS, quartiles, type ResearchRecord, shiftedDate } from '@poems/read-models';
import { createTestSchema, eventually, recordCommands, type TestSchema, thalidomideHistory } from '@poems/testing';
import { ProjectionCatalog } from '../runner/projection-catalog';
import { rebuildProjection } from '../runner/projection-rebuild';
import { ProjectionRunner } from '../runner/projection-runner';
import { researchProjection, toResearchEvent } from './research-projection';
import { researchPseudonyms } from './research-pseudonyms';
import { readResearchRecords, researchRecordBatches } from './research-queries';

const KEY = '5a'.repeat(32);

/** An Auto-PBSCT patient of 54: VEGF falls after the infusion (day 42), ONLS improves. */
function transplantHistory(patientId: string): PatientCommandInput[] {
  const day = (n: number, hour = 9) => new Date(Date.parse('2025-02-03T00:00:00Z') + n * 86_400_000 + hour * 3_600_000).toISOString();
  return [
    { type: 'EnrollPatient', patientId, birthDate: '1970-05-05', sex: 'female', heightCm: 158, weightKg: 50, careTeam: 'haem-b', enrolledAt: day(0), name: 'Taro Tanaka', mrn: 'MRN-2' },
    { type: 'RecordLabResult', patientId, test: 'VEGF', value: 4000, unit: 'pg/mL', collectedAt: day(0, 8), specimen: 'serum', method: 'RIA' },
    { type: 'RecordLabResult', patientId, test: 'M_PROTEIN_IFE', value: 'positive', collectedAt: day(0, 8), heavyChain: 'IgA', lightChain: 'lambda' },
    { type: 'RecordAssessment', patientId, kind: 'ONLS', score: 5, assessedAt: day(0, 10) },
    { type: 'RecordAssessment', patientId, kind: 'NERVE_CONDUCTION', nerve: 'median', side: 'right', cmapAmplitudeMv: 3.2, conductionVelocityMs: 41, assessedAt: day(0, 11) },
    { type: 'RecordTransplantMilestone', patientId, milestone: 'APHERESIS', occurredAt: day(14), cd34PerKg: 4.1 },
    { type: 'RecordTransplantMilestone', patientId, milestone: 'CONDITIONING', occurredAt: day(40) },
    { type: 'RecordTransplantMilestone', patientId, milestone: 'STEM_CELL_INFUSION', occurredAt: day(42) },
    { type: 'RecordLabResult', patientId, test: 'VEGF', value: 900, unit: 'pg/mL', collectedAt: day(72, 8), specimen: 'serum', method: 'RIA' },
    { type: 'RecordLabResult', patientId, test: 'VEGF', value: 400, unit: 'pg/mL', collectedAt: day(102, 8), specimen: 'serum', method: 'RIA' },
    { type: 'RecordAssessment', patientId, kind: 'ONLS', score: 3, assessedAt: day(102, 10) },
  ];
}

describe('the research projection over a small cohort with corrections', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let catalog: ProjectionCatalog;
  const definition = researchProjection(KEY);
  const pseudonyms = researchPseudonyms(KEY);
  const [corrected, plain, transplanted] = [randomUUID(), randomUUID(), randomUUID()];
  const identifying: string[] = [];

  const snapshot = async () => {
    const [patients, measurements] = await Promise.all(
      ['research_patients', 'research_measurements'].map(async (table) => (await db.pool.query(`SELECT to_jsonb(t) AS r FROM ${db.schema}.${table} AS t ORDER BY 1`)).rows.map((row) => row.r)),
    );
    return { patients: patients!, measurements: measurements! };
  };

  beforeAll(async () => {
    db = await createTestSchema('research', 10);
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
    const runner = new ProjectionRunner(catalog, store, definition, undefined, 7);
    runner.start();
    await recordCommands(store, thalidomideHistory(corrected, 'haem-a'));
    await recordCommands(store, thalidomideHistory(plain, 'haem-c'));
    await recordCommands(store, transplantHistory(transplanted));
    const stream = await store.readStream(`patient-${corrected}`);
    const vegf = stream.find((e) => e.type === 'LabResultRecorded')!;
    const start = stream.find((e) => e.type === 'ThalidomideDoseChanged')!;
    await recordCommands(store, [
      { type: 'CorrectEvent', patientId: corrected, correctsEventId: vegf.eventId, reason: 'typo', value: 2600 },
      { type: 'CorrectEvent', patientId: corrected, correctsEventId: start.eventId, reason: 'started two days later', effectiveAt: '2025-01-09T09:00:00.000Z' },
    ]);
    const head = await store.headPosition();
    await eventually(async () => ((await catalog.state('research'))!.checkpoint >= head ? true : undefined), 'the research projection to catch up');
    await runner.stop();
    const all = await store.readAll({ after: 0, limit: 10_000 });
    identifying.push(corrected, plain, transplanted, ...all.map((e) => e.eventId), 'Test Patient', 'Taro Tanaka', 'MRN-1', 'MRN-2', '1950-03-03', '1970-05-05', 'haem-a', 'haem-b', 'haem-c');
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const recordOf = (records: ResearchRecord[], patientId: string) => records.find((r) => r.patient.pseudoId === pseudonyms.patient(patientId))!;

  it('holds for each patient exactly the rows its stream folds to', async () => {
    const records = await readResearchRecords(db.pool, db.schema, { kinds: MEASUREMENT_KINDS });
    expect(records).toHaveLength(3);
    for (const id of [corrected, plain, transplanted]) {
      const expected = foldResearch((await store.readStream(`patient-${id}`)).map((e) => toResearchEvent(e, pseudonyms)));
      const actual = recordOf(records, id);
      expect(actual.patient).toEqual(expected.patient);
      const byKey = (rows: { key: string }[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(byKey(actual.measurements)).toEqual(byKey(expected.measurements));
    }
  });

  it('applies corrections to the measurement and to the treatment start they correct', async () => {
    const records = await readResearchRecords(db.pool, db.schema, { kinds: ['VEGF'] });
    const shift = pseudonyms.shiftDays(corrected);
    const record = recordOf(records, corrected);
    expect(record.patient.treatmentStartedOn).toBe(shiftedDate('2025-01-09T09:00:00.000Z', shift));
    expect(record.measurements.map((m) => m.value)).toEqual([2600, 2000, 1600, 1200, 800]);
    expect(record.measurements[0]!.measuredOn).toBe(shiftedDate('2025-01-06T08:00:00.000Z', shift));
    expect(recordOf(records, plain).patient.treatmentStartedOn).toBe(shiftedDate('2025-01-07T09:00:00.000Z', pseudonyms.shiftDays(plain)));
  });

  it('starts an Auto-PBSCT patient at the infusion and keeps the age band, not the age', async () => {
    const records = await readResearchRecords(db.pool, db.schema, { kinds: MEASUREMENT_KINDS, arm: 'AUTO_PBSCT' });
    expect(records).toHaveLength(1);
    expect(records[0]!.patient).toMatchObject({ arm: 'AUTO_PBSCT', ageBand: '≤65', halfDose: false, sex: 'female', treatmentStartedOn: shiftedDate('2025-03-17T09:00:00.000Z', pseudonyms.shiftDays(transplanted)) });
    expect(records[0]!.measurements.map((m) => m.kind).sort()).toEqual(['CMAP', 'M_PROTEIN_IFE', 'ONLS', 'ONLS', 'VEGF', 'VEGF', 'VEGF']);
  });

  it('stores no identifying value: no id, event id, name, MRN, birth date or care team', async () => {
    const text = JSON.stringify(await snapshot());
    expect(identifying.filter((value) => text.toLowerCase().includes(value.toLowerCase()))).toEqual([]);
    const { rows } = await db.pool.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name IN ('research_patients', 'research_measurements') AND (data_type = 'date' OR data_type LIKE 'timestamp%') ORDER BY 1`,
      [db.schema],
    );
    expect(rows).toEqual(['enrolled_on', 'measured_on', 'regimen_ended_on', 'treatment_started_on'].map((column_name) => ({ column_name, data_type: 'date' })));
  });

  it('reads through a cursor a batch at a time, and gives the connection back when the reader stops early', async () => {
    const sizes: number[] = [];
    for await (const batch of researchRecordBatches(db.pool, db.schema, { kinds: ['VEGF'], batchSize: 2 })) sizes.push(batch.length);
    expect(sizes).toEqual([2, 1]);
    for await (const batch of researchRecordBatches(db.pool, db.schema, { kinds: ['VEGF'], batchSize: 1 })) {
      expect(batch).toHaveLength(1);
      break;
    }
    expect(db.pool.idleCount).toBe(db.pool.totalCount);
    const open = await db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND query LIKE '%research_records%'`);
    expect(open.rows[0].n).toBe(0);
  });

  it('gives the same quartiles as PostgreSQL percentile_cont', async () => {
    const values = [2600, 2000, 1600, 1200, 800, 4000, 900];
    const { rows } = await db.pool.query(
      'SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY v) AS q1, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median, percentile_cont(0.75) WITHIN GROUP (ORDER BY v) AS q3 FROM unnest($1::float8[]) AS v',
      [values],
    );
    expect(quartiles(values)).toEqual({ n: values.length, ...rows[0] });
  });

  it('rebuilds into rows identical to the live ones', async () => {
    const before = await snapshot();
    const result = await rebuildProjection(catalog, store, definition, { batchSize: 5 });
    expect(result.generation).toBe(2);
    expect(await snapshot()).toEqual(before);
    expect(before.patients).toHaveLength(3);
    expect(before.measurements.length).toBeGreaterThan(10);
  });
});
