import { randomUUID } from 'node:crypto';
import { type AnyFactKind, FACT_KINDS } from '@poems/patient';
import fc from 'fast-check';
import { startTestApi, type TestApi } from '../testing/test-api';

/**
 * Property-based fuzzing of every command door with hostile bodies: whatever is sent, the API
 * answers below 500, stays alive, and a refused request writes nothing. Reproduce a failure with
 * the seed fast-check prints (FUZZ_SEED=<seed>); FUZZ_RUNS raises the number of runs.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);

const PATHS = [...(FACT_KINDS as ReadonlyArray<AnyFactKind>).map((kind) => kind.rest.path), 'regimen-end', 'corrections', 'erasure'];
const FIELDS = ['patientId', 'value', 'unit', 'test', 'collectedAt', 'mgPerDay', 'doseMg', 'givenAt', 'effectiveAt', 'milestone', 'kind', 'score', 'reason', 'correctsEventId', 'careTeam', 'birthDate', 'heightCm', 'weightKg', 'type', 'status', 'accessionId', 'upperLimitOfNormal', 'nerve', '__proto__', 'constructor'];

/** Values meant to break parsers, converters and SQL: extremes, wrong types, odd text. */
const nasty = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 1e-320, 0, -1, 0.1, 600, 1e6),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'x'.repeat(10_000), "'; DROP TABLE events; --", '2026-02-31T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '00000000-0000-0000-0000-000000000000', 'VEGF', 'pg/mL', 'ng/mL', 'corrected', 'ECOG', 'APHERESIS'),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
);
const body = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
);

describe('every command door, fuzzed with hostile bodies', () => {
  let api: TestApi;
  let clinician: string;
  let admin: string;
  let patientId: string;
  const statuses = new Map<number, number>();
  const tally = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const countEvents = async () => Number((await api.db.pool.query(`SELECT count(*) FROM ${api.db.schema}.events`)).rows[0].count);

  beforeAll(async () => {
    api = await startTestApi({ clock: () => new Date('2026-06-01T12:00:00Z') });
    clinician = api.token('dr-fuzz', ['clinician'], ['haem-a']);
    admin = api.token('root', ['admin']);
    patientId = randomUUID();
    const enrolled = await api.request('POST', '/v1/patients', {
      token: clinician,
      body: { patientId, birthDate: '1950-01-01', sex: 'female', heightCm: 150, weightKg: 50, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00Z' },
    });
    expect(enrolled.status).toBe(201);
  });
  afterAll(() => api.close());

  it('REST commands: never a 5xx, and a refused request writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, fc.boolean(), fc.boolean(), async (path, payload, asAdmin, samePatient) => {
        const target = samePatient ? patientId : randomUUID();
        const before = await countEvents();
        const answer = await api.request('POST', `/v1/patients/${target}/${path}`, { token: asAdmin ? admin : clinician, body: payload });
        tally(answer.status);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(await countEvents()).toBe(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);

  it('enrolment: never a 5xx, and a refused request writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await countEvents();
        const answer = await api.request('POST', '/v1/patients', { token: clinician, body: payload });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(await countEvents()).toBe(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);

  it('import lines: never a 5xx, and a refused import writes nothing', async () => {
    const line = fc.oneof(
      body.map((value) => JSON.stringify(typeof value === 'object' && value !== null && !Array.isArray(value) ? { type: 'RecordLabResult', patientId, ...value } : value)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{', '[[[[[[', '{"type":"EnrollPatient"}', '\u0000', '"x"', 'null', '1e999'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (lines) => {
        const before = await countEvents();
        const answer = await api.request('POST', '/v1/import', { token: clinician, raw: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(await countEvents()).toBe(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);

  it('is still alive and healthy afterwards, having exercised the refusals (and not only the rate limit)', async () => {
    expect((await api.request('GET', '/health')).status).toBe(200);
    expect(statuses.get(429) ?? 0).toBe(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 4);
  });
});
