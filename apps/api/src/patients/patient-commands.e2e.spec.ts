import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('patient commands over HTTP', () => {
  let api: TestApi;
  let clinician: string;
  const countEvents = async () => Number((await api.db.pool.query(`SELECT count(*) FROM ${api.db.schema}.events`)).rows[0].count);

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW });
    clinician = api.token('alice', ['clinician'], ['haem-a']);
  });
  afterAll(() => api.close());

  const enrol = (overrides: Record<string, unknown> = {}) => ({
    patientId: randomUUID(),
    birthDate: '1953-04-10',
    sex: 'female',
    heightCm: 158,
    weightKg: 52,
    careTeam: 'haem-a',
    enrolledAt: '2026-01-05T09:00:00+09:00',
    name: 'Hanako Yamada',
    mrn: 'MRN-0001',
    ...overrides,
  });

  describe('without a valid token', () => {
    it('refuses with 401 and says how to get one', async () => {
      const missing = await api.request('POST', '/v1/patients', { body: enrol() });
      expect(missing.status).toBe(401);
      expect(missing.body.code).toBe('UNAUTHENTICATED');
      const forged = await api.request('POST', '/v1/patients', { body: enrol(), token: `${clinician}x` });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('INVALID_TOKEN');
      expect(await countEvents()).toBe(0);
    });
  });

  describe('a clinician enrolling and treating a patient of their care team', () => {
    it('accepts every command and records who did it', async () => {
      const body = enrol();
      const id = body.patientId;
      const enrolled = await api.request('POST', '/v1/patients', { body, token: clinician });
      expect(enrolled.status).toBe(201);
      expect(enrolled.body).toMatchObject({ patientId: id, revision: 0, replayed: false });
      expect(enrolled.body.position).toBeGreaterThan(0);
      expect(enrolled.body.events[0].data).toMatchObject({ arm: 'THALIDOMIDE_DEXAMETHASONE', ageAtEnrolment: 72 });
      expect(enrolled.text).not.toContain('Hanako');
      expect(enrolled.text).not.toContain('MRN-0001');

      const commands: [string, Record<string, unknown>][] = [
        ['body-measurements', { heightCm: 158, weightKg: 51, measuredAt: '2026-01-05T10:00:00Z' }],
        ['thalidomide-doses', { mgPerDay: 100, effectiveAt: '2026-01-06T09:00:00Z' }],
        ['dexamethasone-doses', { doseMg: 18, givenAt: '2026-01-06T09:00:00Z' }],
        ['lab-results', { test: 'VEGF', value: 2.4, unit: 'ng/mL', collectedAt: '2026-01-05T08:00:00Z', specimen: 'serum', method: 'RIA' }],
        ['assessments', { kind: 'ONLS', score: 5, assessedAt: '2026-01-05T11:00:00Z' }],
        ['assessments', { kind: 'NERVE_CONDUCTION', nerve: 'median', cmapAmplitudeMv: 3.1, conductionVelocityMs: 38, fWaveLatencyMs: 31, assessedAt: '2026-01-05T11:00:00Z' }],
        ['assessments', { kind: 'VITALS', heartRateBpm: 64, temperatureC: 36.6, assessedAt: '2026-01-05T11:00:00Z' }],
        ['adverse-events', { term: 'constipation', grade: 1, onsetAt: '2026-01-10T00:00:00Z' }],
      ];
      for (const [path, command] of commands) {
        const response = await api.request('POST', `/v1/patients/${id}/${path}`, { body: command, token: clinician });
        expect({ path, status: response.status, body: response.body }).toMatchObject({ path, status: 201 });
      }
      const stream = await api.infra.store.readStream(`patient-${id}`);
      expect(stream).toHaveLength(1 + commands.length);
      const vegf = stream.find((e) => e.type === 'LabResultRecorded')!;
      expect(vegf.data).toMatchObject({ value: 2400, unit: 'pg/mL', reportedValue: 2.4, reportedUnit: 'ng/mL' });
      expect(vegf.metadata).toMatchObject({ actor: { userId: 'alice', role: 'clinician' }, source: 'api' });

      const corrected = await api.request('POST', `/v1/patients/${id}/corrections`, {
        body: { correctsEventId: vegf.eventId, reason: 'transcription error', value: 1.8 },
        token: clinician,
      });
      expect(corrected.status).toBe(201);
      expect(corrected.body.events[0]).toMatchObject({ type: 'EventCorrected', data: { correctsEventId: vegf.eventId } });
      const ended = await api.request('POST', `/v1/patients/${id}/regimen-end`, { body: { endedAt: '2026-05-01T00:00:00Z', reason: 'completed' }, token: clinician });
      expect(ended.status).toBe(201);
    });

    it('accepts transplant milestones for a patient on the Auto-PBSCT arm', async () => {
      const body = enrol({ birthDate: '1970-02-02' });
      expect((await api.request('POST', '/v1/patients', { body, token: clinician })).status).toBe(201);
      for (const milestone of [
        { milestone: 'MOBILISATION', occurredAt: '2026-01-10T09:00:00Z', cyclophosphamideMg: 5800 },
        { milestone: 'APHERESIS', occurredAt: '2026-01-20T09:00:00Z', cd34PerKg: 4.2 },
        { milestone: 'CONDITIONING', occurredAt: '2026-02-15T09:00:00Z', melphalanMg: 290 },
        { milestone: 'STEM_CELL_INFUSION', occurredAt: '2026-02-17T09:00:00Z' },
      ]) {
        const response = await api.request('POST', `/v1/patients/${body.patientId}/transplant-milestones`, { body: milestone, token: clinician });
        expect({ milestone: milestone.milestone, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      }
    });
  });

  describe('bad input', () => {
    it.each([
      ['a wrong type', { heightCm: 'tall' }, 'heightCm'],
      ['a missing field', { heightCm: undefined }, 'heightCm'],
      ['an out-of-range number', { heightCm: 400 }, 'heightCm'],
      ['an unknown field', { favouriteColour: 'blue' }, ''],
      ['an invalid time', { enrolledAt: '2026-01-05 09:00' }, 'enrolledAt'],
      ['a time without an offset', { enrolledAt: '2026-01-05T09:00:00' }, 'enrolledAt'],
    ])('refuses %s with 400 naming the field, and writes nothing', async (_, change, field) => {
      const before = await countEvents();
      const response = await api.request('POST', '/v1/patients', { body: enrol(change), token: clinician });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.issues.map((i: { field: string }) => i.field).join(' ')).toContain(field);
      expect(await countEvents()).toBe(before);
    });

    it('refuses a time in the future beyond the clock skew', async () => {
      const before = await countEvents();
      const response = await api.request('POST', '/v1/patients', { body: enrol({ enrolledAt: '2026-06-01T13:00:00Z' }), token: clinician });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'TIME_IN_FUTURE', issues: [{ field: 'enrolledAt' }] });
      expect(await countEvents()).toBe(before);
    });

    it('answers 404 for an unknown patient, 400 for a malformed id or JSON', async () => {
      const unknown = await api.request('POST', `/v1/patients/${randomUUID()}/dexamethasone-doses`, { body: { doseMg: 10, givenAt: '2026-01-06T09:00:00Z' }, token: clinician });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('PATIENT_NOT_ENROLLED');
      const malformed = await api.request('POST', '/v1/patients/not-a-uuid/dexamethasone-doses', { body: { doseMg: 10, givenAt: '2026-01-06T09:00:00Z' }, token: clinician });
      expect(malformed.status).toBe(400);
      const badJson = await api.request('POST', '/v1/patients', { raw: '{"patientId":', headers: { 'content-type': 'application/json' }, token: clinician });
      expect(badJson.status).toBe(400);
      expect(badJson.body.code).toBe('MALFORMED_JSON');
      const nul = await api.request('POST', '/v1/patients', { body: enrol({ name: 'a\u0000b' }), token: clinician });
      expect(nul).toMatchObject({ status: 400, body: { code: 'UNSTORABLE_TEXT', issues: [{ field: 'name' }] } });
    });

    it('refuses a body naming another patient than the URL', async () => {
      const body = enrol();
      await api.request('POST', '/v1/patients', { body, token: clinician });
      const response = await api.request('POST', `/v1/patients/${body.patientId}/body-measurements`, {
        body: { patientId: randomUUID(), heightCm: 150, weightKg: 50, measuredAt: '2026-01-06T00:00:00Z' },
        token: clinician,
      });
      expect(response).toMatchObject({ status: 400, body: { code: 'PATIENT_ID_MISMATCH' } });
    });
  });

  describe('who may write', () => {
    it('refuses researchers and auditors (403), and answers another team’s clinician as if the patient did not exist (404)', async () => {
      const body = enrol();
      await api.request('POST', '/v1/patients', { body, token: clinician });
      const before = await countEvents();
      const dose = { doseMg: 18, givenAt: '2026-01-06T09:00:00Z' };
      for (const token of [api.token('rita', ['researcher']), api.token('audrey', ['auditor'])]) {
        const response = await api.request('POST', `/v1/patients/${body.patientId}/dexamethasone-doses`, { body: dose, token });
        expect(response).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      }
      const bob = api.token('bob', ['clinician'], ['haem-b']);
      const hidden = await api.request('POST', `/v1/patients/${body.patientId}/dexamethasone-doses`, { body: dose, token: bob });
      const missing = await api.request('POST', `/v1/patients/${randomUUID()}/dexamethasone-doses`, { body: dose, token: bob });
      expect(hidden).toMatchObject({ status: 404, body: { code: 'PATIENT_NOT_ENROLLED' } });
      expect(hidden.body.message).toBe(missing.body.message);
      expect(hidden.text).not.toContain('haem-a');
      const otherTeam = await api.request('POST', '/v1/patients', { body: enrol({ careTeam: 'haem-b' }), token: clinician });
      expect(otherTeam).toMatchObject({ status: 403, body: { code: 'NOT_IN_CARE_TEAM' } });
      expect(otherTeam.text).not.toContain('haem-a');
      expect(await countEvents()).toBe(before);
      const admin = await api.request('POST', `/v1/patients/${body.patientId}/dexamethasone-doses`, { body: dose, token: api.token('root', ['admin']) });
      expect(admin.status).toBe(201);
    });
  });

  describe('concurrency and retries', () => {
    it('refuses a stale If-Match revision with 409', async () => {
      const body = enrol();
      await api.request('POST', '/v1/patients', { body, token: clinician });
      const measurement = { heightCm: 158, weightKg: 50, measuredAt: '2026-01-06T00:00:00Z' };
      const first = await api.request('POST', `/v1/patients/${body.patientId}/body-measurements`, { body: measurement, token: clinician, headers: { 'if-match': '0' } });
      expect(first.status).toBe(201);
      const stale = await api.request('POST', `/v1/patients/${body.patientId}/body-measurements`, { body: { ...measurement, weightKg: 49 }, token: clinician, headers: { 'if-match': '0' } });
      expect(stale).toMatchObject({ status: 409, body: { code: 'STALE_REVISION' } });
    });

    it('answers a retried command with the first answer and appends nothing new', async () => {
      const body = enrol();
      const key = randomUUID();
      const first = await api.request('POST', '/v1/patients', { body, token: clinician, headers: { 'idempotency-key': key } });
      const before = await countEvents();
      const retry = await api.request('POST', '/v1/patients', { body, token: clinician, headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(201);
      expect(retry.body.events).toEqual(first.body.events);
      expect(retry.body.replayed).toBe(true);
      expect(await countEvents()).toBe(before);
      const reused = await api.request('POST', '/v1/patients', { body: { ...body, weightKg: 60 }, token: clinician, headers: { 'idempotency-key': key } });
      expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    });
  });
});
