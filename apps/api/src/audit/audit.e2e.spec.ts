import { randomUUID } from 'node:crypto';
import { findPlaintext } from '../testing/plaintext-scan';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('the audit trail over HTTP', () => {
  let api: TestApi;
  let clinician: string;
  let auditor: string;
  let admin: string;
  const identity = { name: 'Sachiko Tanabe-Oyelaran', mrn: 'MRN-7730214', birthDate: '1947-08-19' };

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withAlerts: true });
    clinician = api.token('dr-ito', ['clinician'], ['haem-a']);
    auditor = api.token('aud-1', ['auditor']);
    admin = api.token('root', ['admin']);
  });
  afterAll(() => api.close());

  async function enrolWithHistory(): Promise<string> {
    const patientId = randomUUID();
    const enrolled = await api.request('POST', '/v1/patients', {
      token: clinician,
      body: { patientId, ...identity, sex: 'female', heightCm: 150, weightKg: 48, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00Z' },
    });
    expect(enrolled.status).toBe(201);
    await api.request('POST', `/v1/patients/${patientId}/thalidomide-doses`, { token: clinician, body: { mgPerDay: 50, effectiveAt: '2026-01-06T09:00:00Z' } });
    await api.request('POST', `/v1/patients/${patientId}/lab-results`, { token: clinician, body: { test: 'VEGF', value: 1800, unit: 'pg/mL', collectedAt: '2026-01-05T08:00:00Z' } });
    return patientId;
  }

  describe('erasing a patient’s identity', () => {
    it('needs an admin and a reason', async () => {
      const patientId = await enrolWithHistory();
      expect((await api.request('POST', `/v1/patients/${patientId}/erasure`, { token: clinician, body: { reason: 'request' } })).status).toBe(403);
      const noReason = await api.request('POST', `/v1/patients/${patientId}/erasure`, { token: admin, body: {} });
      expect(noReason.status).toBe(400);
      expect(noReason.body.issues[0].field).toBe('reason');
    });

    it('leaves the clinical history and a verifying chain, and no plaintext identifier anywhere', async () => {
      const patientId = await enrolWithHistory();
      const before = await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician });
      expect(before.body.events[0].data.identity).toMatchObject(identity);

      const erased = await api.request('POST', `/v1/patients/${patientId}/erasure`, { token: admin, body: { reason: 'GDPR art. 17 request of 2026-05-30' } });
      expect(erased.body).toMatchObject({ keyDestroyed: true });
      expect(erased.status).toBe(201);
      expect(erased.body.keyDestroyed).toBe(true);
      expect((await api.request('POST', `/v1/patients/${patientId}/erasure`, { token: admin, body: { reason: 'again' } })).status).toBe(409);

      const after = await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician });
      expect(after.status).toBe(200);
      expect(after.body.events[0].data.identity).toEqual({ erased: true });
      expect(after.body.events.map((e: { type: string }) => e.type)).toEqual(['PatientEnrolled', 'ThalidomideDoseChanged', 'LabResultRecorded', 'PatientIdentityErased']);
      expect(after.body.events[3].metadata).toMatchObject({ actor: { userId: 'root', role: 'admin' }, reason: 'GDPR art. 17 request of 2026-05-30' });
      expect(after.text).not.toContain(identity.name);

      await api.projectionsCaughtUp();
      const timeline = await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: clinician });
      expect(timeline.status).toBe(200);
      expect(timeline.body.patient.identity).toEqual({ erased: true });
      expect(timeline.body.labs).toHaveLength(1);
      expect(timeline.text).not.toContain(identity.name);
      const research = await api.request('GET', '/v1/research/vegf-series', { token: api.token('res', ['researcher']) });
      expect(research.body.perPatient.length).toBeGreaterThan(0);

      const verified = await api.request('GET', '/v1/audit/verify', { token: auditor });
      expect(verified.body).toMatchObject({ ok: true });
      // Every table of the schema: events, keys, access log, projections (timeline, alerts, research), engine tables.
      const tables = await api.db.pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [api.db.schema]);
      expect(tables.rows[0].n).toBeGreaterThan(15);
      expect(await findPlaintext(api.db.pool, api.db.schema, [identity.name, identity.mrn, identity.birthDate, 'Tanabe'])).toEqual([]);
    });
  });

  describe('tamper evidence through the API', () => {
    it('reports the first broken link after an event is altered in the database', async () => {
      const patientId = await enrolWithHistory();
      await api.request('POST', '/v1/audit/seal', { token: admin });
      await api.db.pool.query(`UPDATE ${api.db.schema}.events SET data = jsonb_set(data, '{value}', '600') WHERE stream_id = $1 AND type = 'LabResultRecorded'`, [`patient-${patientId}`]);
      const report = await api.request('GET', '/v1/audit/verify', { token: auditor });
      expect(report.status).toBe(200);
      expect(report.body.ok).toBe(false);
      expect(report.body.firstProblem).toMatchObject({ kind: 'CONTENT_ALTERED', streamId: `patient-${patientId}`, revision: 2 });
      await api.db.pool.query(`UPDATE ${api.db.schema}.events SET data = jsonb_set(data, '{value}', '1800') WHERE stream_id = $1 AND type = 'LabResultRecorded'`, [`patient-${patientId}`]);
    });

    it('is for auditors and admins only', async () => {
      expect((await api.request('GET', '/v1/audit/verify', { token: clinician })).status).toBe(403);
      expect((await api.request('GET', '/v1/audit/verify', { token: api.token('r', ['researcher']) })).status).toBe(403);
    });
  });

  describe('the access log', () => {
    it('records every identifiable read, refused ones too, with the purpose given', async () => {
      const patientId = await enrolWithHistory();
      await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician, headers: { 'x-purpose-of-use': 'TREAT' } });
      await api.request('GET', `/v1/patients/${patientId}/events`, { token: api.token('eve', ['clinician'], ['other-team']) });
      const stored = await api.request('GET', `/v1/audit/streams/patient-${patientId}`, { token: auditor });
      expect(stored.body.events[0]).toHaveProperty('hash');
      expect(stored.body.events[0].data.identity).toMatchObject({ name: identity.name });

      const log = await api.request('GET', `/v1/audit/access-log?patientId=${patientId}`, { token: auditor });
      expect(log.status).toBe(200);
      expect(log.body.entries.map((e: { actor: string; outcome: number; action: string }) => [e.actor, e.outcome, e.action])).toEqual([
        ['aud-1', 200, 'read-stored-stream'],
        ['eve', 404, 'read-patient-events'],
        ['dr-ito', 200, 'read-patient-events'],
      ]);
      expect(log.body.entries[2]).toMatchObject({ purpose: 'TREAT', role: 'clinician', endpoint: `GET /v1/patients/${patientId}/events` });
      const byActor = await api.request('GET', `/v1/audit/access-log?actor=eve`, { token: auditor });
      expect(byActor.body.entries).toHaveLength(1);
      expect((await api.request('GET', '/v1/audit/access-log?from=yesterday', { token: auditor })).status).toBe(400);
      expect((await api.request('GET', '/v1/audit/access-log', { token: clinician })).status).toBe(403);
    });
  });
});
