import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@poems/testing';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { startTestApi, type TestApi } from '../testing/test-api';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const EHR = 'https://ehr.hospital.example';
const MRN_SYSTEM = 'urn:oid:1.2.392.200119.6.102';
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('CDS Hooks: the patient’s open alerts inside the EHR', () => {
  let api: TestApi;
  let privateKey: PrivateKey;
  let otherKey: PrivateKey;
  const patientId = randomUUID();

  beforeAll(async () => {
    const pair = await generateKeyPair('ES384', { extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES384')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'ehr-key-1', alg: 'ES384', use: 'sig' };
    const dir = mkdtempSync(join(tmpdir(), 'cds-'));
    writeFileSync(join(dir, 'clients.json'), JSON.stringify({ clients: [{ id: 'ward-ehr', iss: EHR, jwks: { keys: [jwk] }, careTeams: ['haem-t'], patientIdentifierSystem: MRN_SYSTEM }] }));
    api = await startTestApi({ withAlerts: true, env: { CDS_HOOKS_CLIENTS_FILE: join(dir, 'clients.json') } });
    const admin = api.token('root', ['admin']);
    // A transplant whose CD34+ yield was low and whose conditioning is overdue: open alerts.
    const history = [
      { type: 'EnrollPatient', patientId, mrn: 'MRN-3003', birthDate: '1968-03-03', sex: 'female', heightCm: 155, weightKg: 50, careTeam: 'haem-t', enrolledAt: daysAgo(80) },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'MOBILISATION', occurredAt: daysAgo(75), cyclophosphamideMg: 6000 },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'APHERESIS', occurredAt: daysAgo(65), cd34PerKg: 1.4 },
    ];
    expect((await api.request('POST', '/v1/import', { raw: history.map((line) => JSON.stringify(line)).join('\n'), token: admin, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(200);
    await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', `/v1/alerts?patientId=${patientId}`, { token: admin });
      return body.items.length >= 2;
    }, 'the patient’s alerts', 20_000);
  }, 60_000);
  afterAll(() => api?.close());

  const jwt = (audience: string, key = privateKey, claims: Record<string, unknown> = {}) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'ehr-key-1' })
      .setIssuer(EHR)
      .setSubject('ward-ehr-client')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key);

  // Shaped like the specification's patient-view example, with the EHR's own patient id and the MRN prefetched.
  const hookRequest = () => ({
    hookInstance: randomUUID(),
    fhirServer: `${EHR}/fhir`,
    hook: 'patient-view',
    context: { userId: 'Practitioner/example', patientId: '1288992' },
    prefetch: { patient: { resourceType: 'Patient', id: '1288992', identifier: [{ system: MRN_SYSTEM, value: 'MRN-3003' }], gender: 'female' } },
  });

  it('is discovered, answers a card per open alert, and acknowledges through the feedback', async () => {
    const discovery = await api.request('GET', '/cds-services');
    expect(discovery.body.services).toEqual([expect.objectContaining({ hook: 'patient-view', id: 'poems-alerts', prefetch: { patient: 'Patient/{{context.patientId}}' } })]);

    const service = `${api.url}/cds-services/poems-alerts`;
    const answer = await api.request('POST', '/cds-services/poems-alerts', { body: hookRequest(), headers: { authorization: `Bearer ${await jwt(service)}` } });
    expect(answer.status).toBe(200);
    const cards = answer.body.cards as { uuid: string; summary: string; indicator: string; source: { label: string }; links: { url: string }[]; suggestions: { uuid: string; label: string }[] }[];
    expect(cards.length).toBeGreaterThanOrEqual(2);
    for (const card of cards) {
      expect(card.summary.length).toBeLessThan(140);
      expect(['info', 'warning', 'critical']).toContain(card.indicator);
      expect(card.source.label).toBe('POEMS monitoring');
      expect(card.links[0]!.url).toContain(patientId);
      expect(card.suggestions[0]!.label).toBe('Acknowledge this alert');
    }
    const low = cards.find((card) => card.summary.startsWith('LOW_CD34_YIELD'))!;

    const feedback = await api.request('POST', '/cds-services/poems-alerts/feedback', {
      body: { feedback: [{ card: low.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: low.suggestions[0]!.uuid }], outcomeTimestamp: new Date().toISOString() }] },
      headers: { authorization: `Bearer ${await jwt(`${service}/feedback`)}` },
    });
    expect(feedback.status).toBe(200);
    expect(feedback.body.acknowledged).toHaveLength(1);
    const { body: alert } = await api.request('GET', `/v1/alerts/${feedback.body.acknowledged[0]}`, { token: api.token('aud', ['auditor']) });
    expect(alert.alert.acknowledged).toMatchObject({ outcome: 'accepted', by: { userId: 'Practitioner/example', role: 'ehr-user' } });
    expect(alert.history.at(-1).actor).toEqual({ userId: 'ehr:ward-ehr', role: 'system' });

    const { body: log } = await api.request('GET', `/v1/audit/access-log?patientId=${patientId}`, { token: api.token('aud', ['auditor']) });
    expect(log.entries.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toContain('cds-patient-view:ehr:ward-ehr');
  });

  it('refuses calls without a valid signed JWT, and shows nothing of patients it cannot match or reach', async () => {
    const service = `${api.url}/cds-services/poems-alerts`;
    const call = async (token?: string, body: object = hookRequest()) => api.request('POST', '/cds-services/poems-alerts', { body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await call()).status).toBe(401);
    expect((await call(await jwt(service, otherKey))).status).toBe(401);
    expect((await call(await jwt('https://elsewhere.example/cds-services/poems-alerts'))).status).toBe(401);
    const once = await jwt(service);
    expect((await call(once)).status).toBe(200);
    expect((await call(once)).status).toBe(401);
    expect((await call(api.token('dr', ['clinician'], ['haem-t']))).status).toBe(401);

    const unknown = { ...hookRequest(), prefetch: { patient: { resourceType: 'Patient', identifier: [{ system: MRN_SYSTEM, value: 'MRN-0000' }] } } };
    expect((await call(await jwt(service), unknown)).body).toEqual({ cards: [] });
    const malformed = await call(await jwt(service), { hook: 'patient-view', context: {} });
    expect(malformed.status).toBe(400);
  });
});
