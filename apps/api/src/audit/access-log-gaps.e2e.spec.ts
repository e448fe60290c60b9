import { randomUUID } from 'node:crypto';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');

/** HIPAA §164.312(b): every attempt to reach identifiable data is in the trail, refused ones too. */
describe('the access log, where refusals happen before any handler and where one read shows many patients', () => {
  let api: TestApi;
  let clinician: string;
  let auditor: string;
  let patientId: string;
  const trail = async (filter: string) => (await api.request('GET', `/v1/audit/access-log?${filter}&limit=200`, { token: auditor })).body.entries as any[];

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withAlerts: true });
    clinician = api.token('dr-abe', ['clinician'], ['haem-a']);
    auditor = api.token('aud-9', ['auditor']);
    patientId = randomUUID();
    const enrolled = await api.request('POST', '/v1/patients', {
      token: clinician,
      body: { patientId, birthDate: '1970-03-03', sex: 'male', heightCm: 170, weightKg: 62, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00Z' },
    });
    expect(enrolled.status).toBe(201);
  });
  afterAll(() => api.close());

  it('records a role the guard refuses, naming the patient the path aimed at', async () => {
    const researcher = api.token('res-1', ['researcher']);
    for (const path of [`/v1/patients/${patientId}/events`, `/v1/patients/${patientId}/timeline`]) {
      expect((await api.request('GET', path, { token: researcher })).status).toBe(403);
    }
    expect((await api.request('GET', `/v1/audit/streams/patient-${patientId}`, { token: clinician })).status).toBe(403);
    const entries = (await trail(`patientId=${patientId}`)).map((e) => `${e.actor}:${e.action}:${e.outcome}:${e.endpoint}`);
    expect(entries).toEqual(
      expect.arrayContaining([
        'res-1:refused-role:403:GET /v1/patients/:patientId/events',
        'res-1:refused-role:403:GET /v1/patients/:patientId/timeline',
        'dr-abe:refused-role:403:GET /v1/audit/streams/:streamId',
      ]),
    );
  });

  it('records requests without a valid token, and counts a flood of identical ones on one row', async () => {
    for (let i = 0; i < 5; i++) expect((await api.request('GET', `/v1/patients/${patientId}/events`, { token: 'not.a.token' })).status).toBe(401);
    const [entry] = (await trail(`patientId=${patientId}`)).filter((e) => e.action === 'refused-authentication');
    expect(entry).toMatchObject({ actor: 'unauthenticated@127.0.0.1', role: 'none', outcome: 401, repeatCount: 5, query: { code: 'INVALID_TOKEN' } });
  });

  it('names every patient an alert list showed', async () => {
    const apheresis = await api.request('POST', `/v1/patients/${patientId}/transplant-milestones`, {
      token: clinician,
      body: { milestone: 'APHERESIS', occurredAt: '2026-02-01T09:00:00Z', cd34PerKg: 0.8 },
    });
    expect(apheresis.status).toBe(201);
    await eventually(async () => (await api.request('GET', '/v1/alerts', { token: clinician })).body.items.length > 0, 'the low CD34 yield alert');
    const before = (await trail(`patientId=${patientId}`)).filter((e) => e.action === 'read-alerts').length;
    const list = await api.request('GET', '/v1/alerts', { token: clinician });
    expect(list.body.items.map((a: any) => a.patientId)).toContain(patientId);
    const after = (await trail(`patientId=${patientId}`)).filter((e) => e.action === 'read-alerts');
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ actor: 'dr-abe', outcome: 200, patientId });
  });
});
