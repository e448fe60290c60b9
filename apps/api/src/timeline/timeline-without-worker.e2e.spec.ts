import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

/**
 * An API started before any worker built the read models (a fresh deployment, or the API's pods
 * up first): the tables of the projections do not exist yet. Reads say what they can, never 500.
 */
describe('the reads of an API started before the worker built its views', () => {
  let api: TestApi;
  const patientId = randomUUID();
  let clinician: string;

  beforeAll(async () => {
    api = await startTestApi();
    const admin = api.token('root', ['admin']);
    clinician = api.token('dr-early', ['clinician'], ['haem-a']);
    const enrol = { type: 'EnrollPatient', patientId, birthDate: '1950-02-03', sex: 'female', heightCm: 152, weightKg: 48, careTeam: 'haem-a', enrolledAt: new Date(Date.now() - 86_400_000).toISOString() };
    const imported = await api.request('POST', '/v1/import', { raw: JSON.stringify(enrol), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
  });
  afterAll(() => api?.close());

  it('the live timeline answers that it does not show the patient yet (404), not a failure', async () => {
    const answer = await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: clinician });
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(/does not show patient .* yet/);
  });

  it('the timeline as of now is folded from the events, with the response, and no alerts yet', async () => {
    const asOf = new Date().toISOString();
    const answer = await api.request('GET', `/v1/patients/${patientId}/timeline?asOf=${encodeURIComponent(asOf)}`, { token: clinician });
    expect(answer.status).toBe(200);
    expect(answer.body.response.current).toEqual({ VEGF: null, HAEMATOLOGIC: null, CLINICAL: null });
    expect(answer.body.alerts).toEqual([]);
  });

  it('the alert inbox, its statistics and the patient list are empty, not failures', async () => {
    const alerts = await api.request('GET', '/v1/alerts', { token: clinician });
    expect(alerts.status).toBe(200);
    expect(alerts.body.items ?? alerts.body).toEqual([]);
    expect((await api.request('GET', '/v1/alerts/stats', { token: clinician })).status).toBe(200);
    const patients = await api.request('GET', '/v1/patients', { token: clinician });
    expect(patients.status).toBe(200);
    expect(patients.body.total).toBe(0);
  });

  it('the research views are empty, in JSON and in CSV, not failures', async () => {
    const researcher = api.token('r-early', ['researcher']);
    for (const path of ['/v1/research/vegf-series', '/v1/research/responses']) {
      expect((await api.request('GET', path, { token: researcher })).status).toBe(200);
      expect((await api.request('GET', path, { token: researcher, headers: { accept: 'text/csv' } })).status).toBe(200);
    }
  });
});
