import { randomUUID } from 'node:crypto';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';
import { documentedRoutes } from './route-docs';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** The declared response of a route, as the OpenAPI document (and the web app's client) has it. */
function declared(method: string, path: string) {
  const route = documentedRoutes().find((r) => r.method === method && r.path === path);
  if (!route?.response) throw new Error(`${method} ${path} declares no response`);
  return route.response;
}

describe('the documented response shapes', () => {
  let api: TestApi;
  let admin: string;
  const patientId = randomUUID();
  const thalidomide = randomUUID();

  beforeAll(async () => {
    api = await startTestApi({ withAlerts: true });
    admin = api.token('admin', ['admin']);
    const history = [
      { type: 'EnrollPatient', patientId, birthDate: '1967-01-01', sex: 'female', heightCm: 158, weightKg: 51, careTeam: 'haem-s', enrolledAt: daysAgo(60), name: 'Shape Test', mrn: 'S-1' },
      { type: 'RecordLabResult', patientId, test: 'VEGF', value: 3200, unit: 'pg/mL', collectedAt: daysAgo(59), specimen: 'serum', method: 'RIA' },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'APHERESIS', occurredAt: daysAgo(40), cd34PerKg: 1.1 },
      { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 72, assessedAt: daysAgo(30) },
      // The thalidomide arm's facts: the safety programme, supportive dexamethasone, a transfusion, an adverse event's outcome.
      { type: 'EnrollPatient', patientId: thalidomide, birthDate: '1956-01-01', sex: 'female', heightCm: 150, weightKg: 48, careTeam: 'haem-s', enrolledAt: daysAgo(60), name: 'Shape Thal', mrn: 'S-2' },
      { type: 'RecordLabResult', patientId: thalidomide, test: 'PREGNANCY_TEST', value: 'negative', collectedAt: daysAgo(58) },
      { type: 'DispenseThalidomide', patientId: thalidomide, mgPerDay: 100, daysSupply: 28, dispensedAt: daysAgo(57) },
      { type: 'ChangeThalidomideDose', patientId: thalidomide, mgPerDay: 100, effectiveAt: daysAgo(57) },
      { type: 'RecordDexamethasoneDose', patientId: thalidomide, doseMg: 17, givenAt: daysAgo(57) },
      { type: 'RecordDexamethasoneDose', patientId: thalidomide, doseMg: 4, givenAt: daysAgo(56), indication: 'SUPPORTIVE' },
      { type: 'StartThromboprophylaxis', patientId: thalidomide, agent: 'ASPIRIN', startedAt: daysAgo(57) },
      { type: 'StopThromboprophylaxis', patientId: thalidomide, stoppedAt: daysAgo(20), reason: 'bleeding risk' },
      { type: 'RecordTransfusion', patientId: thalidomide, product: 'RED_CELLS', units: 2, givenAt: daysAgo(30) },
      { type: 'RecordAdverseEvent', patientId: thalidomide, term: 'rash', grade: 2, onsetAt: daysAgo(40), resolvedAt: daysAgo(35), attribution: 'PROBABLE', actionTaken: 'DOSE_HELD' },
    ];
    expect((await api.request('POST', '/v1/import', { raw: history.map((l) => JSON.stringify(l)).join('\n'), token: admin, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(200);
    await eventually(async () => ((await api.request('GET', '/v1/alerts', { token: admin })).body.items.length > 0 ? true : undefined), 'an alert', 20_000);
    await api.projectionsCaughtUp();
  }, 60_000);
  afterAll(() => api?.close());

  it('match what the API answers, route by route', async () => {
    const get = async (path: string) => {
      const answer = await api.request('GET', path, { token: admin });
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const alerts = declared('GET', '/v1/alerts').parse(await get('/v1/alerts')) as { items: Array<{ alertId: string }> };
    const ack = await api.request('POST', `/v1/alerts/${alerts.items[0]!.alertId}/acknowledge`, { token: admin, body: { outcome: 'overridden', reason: 'Known low yield; second apheresis planned' } });
    expect(ack.status).toBe(201);
    declared('POST', '/v1/alerts/{alertId}/acknowledge').parse(ack.body);
    declared('POST', '/v1/alerts/stream-tickets').parse((await api.request('POST', '/v1/alerts/stream-tickets', { token: admin })).body);
    declared('GET', '/v1/patients').parse(await get('/v1/patients'));
    const timeline = declared('GET', '/v1/patients/{patientId}/timeline');
    timeline.parse(await get(`/v1/patients/${patientId}/timeline`));
    timeline.parse(await get(`/v1/patients/${patientId}/timeline?asOf=${encodeURIComponent(new Date().toISOString())}`));
    const thal = timeline.parse(await get(`/v1/patients/${thalidomide}/timeline`)) as Record<string, any>;
    expect(thal['safety']).toEqual({ childbearingPotential: false, childbearingPotentialBasis: 'ASSUMED_NOT_FROM_AGE', assumptionAge: 55 });
    expect([thal['thalidomideDispensing'].length, thal['thromboprophylaxis'].length, thal['transfusions'].length]).toEqual([1, 2, 1]);
    expect(thal['dexamethasone'].map((d: { indication: string }) => d.indication)).toEqual(['REGIMEN', 'SUPPORTIVE']);
    expect(thal['adverseEvents'][0]).toMatchObject({ attribution: 'PROBABLE', actionTaken: 'DOSE_HELD' });
    declared('GET', '/v1/research/vegf-series').parse(await get('/v1/research/vegf-series'));
    declared('GET', '/v1/research/responses').parse(await get('/v1/research/responses'));
    declared('GET', '/v1/audit/verify').parse(await get('/v1/audit/verify'));
    declared('GET', '/v1/audit/access-log').parse(await get('/v1/audit/access-log'));
    declared('GET', '/v1/audit/streams/{streamId}').parse(await get(`/v1/audit/streams/patient-${patientId}`));
    declared('GET', '/v1/web-config').parse(await get('/v1/web-config'));
  });

  it('are in the OpenAPI document, so the generated client is typed', async () => {
    const document = (await api.request('GET', '/v1/docs')).body;
    const schema = document.paths['/v1/patients'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.items.items.properties).toHaveProperty('treatment');
    expect(document.paths['/v1/alerts'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('items');
  });
});
