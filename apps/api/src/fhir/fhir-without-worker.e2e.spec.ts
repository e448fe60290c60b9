import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('the FHIR view of an API started before the worker built its views', () => {
  let api: TestApi;
  afterAll(() => api?.close());

  it('answers $everything from the events, with no alerts yet, rather than failing', async () => {
    api = await startTestApi();
    const admin = api.token('root', ['admin']);
    const patientId = randomUUID();
    const enrol = { type: 'EnrollPatient', patientId, birthDate: '1950-02-03', sex: 'female', heightCm: 152, weightKg: 48, careTeam: 'haem-a', enrolledAt: new Date(Date.now() - 86_400_000).toISOString() };
    expect((await api.request('POST', '/v1/import', { raw: JSON.stringify(enrol), token: admin, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(200);
    const everything = await api.request('GET', `/fhir/R4/Patient/${patientId}/$everything`, { token: admin });
    expect(everything.status).toBe(200);
    expect(everything.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(['Patient', 'CarePlan', 'Provenance']);
  });
});
