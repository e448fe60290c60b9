import { randomUUID } from 'node:crypto';
import { revealIdentities } from '@poems/runtime';
import { findPlaintext } from '../testing/plaintext-scan';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');
const ndjson = (lines: unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');

/** What a command owes and how a key is honoured do not depend on the door it came through. */
describe('the import door and the REST door', () => {
  let api: TestApi;
  let clinician: string;
  let admin: string;
  const countEvents = async () => Number((await api.db.pool.query(`SELECT count(*) FROM ${api.db.schema}.events`)).rows[0].count);
  const importAs = (token: string, lines: unknown[], headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/import', { raw: ndjson(lines), token, headers: { 'content-type': 'application/x-ndjson', ...headers } });
  const enrolment = (patientId: string, identity: Record<string, string> = {}) => ({
    type: 'EnrollPatient',
    patientId,
    birthDate: '1950-02-03',
    sex: 'female',
    heightCm: 152,
    weightKg: 47,
    careTeam: 'haem-a',
    enrolledAt: '2026-01-05T09:00:00Z',
    ...identity,
  });
  const vegf = (patientId: string, value: number, collectedAt: string) => ({ type: 'RecordLabResult', patientId, test: 'VEGF', value, unit: 'pg/mL', collectedAt });

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withProjections: true });
    clinician = api.token('dr-ito', ['clinician'], ['haem-a']);
    admin = api.token('root', ['admin']);
  });
  afterAll(() => api.close());

  describe('an identity erasure sent as an import line', () => {
    const identity = { name: 'Kazuko Hashimoto-Reyes', mrn: 'MRN-5518342' };

    it('destroys the data key: no readable identity on the events, the audit stream, the timeline, a replay or in any table', async () => {
      const patientId = randomUUID();
      expect((await importAs(clinician, [enrolment(patientId, identity), vegf(patientId, 1400, '2026-01-05T08:00:00Z')])).status).toBe(200);
      const before = await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician });
      expect(before.body.events[0].data.identity).toMatchObject(identity);

      const erased = await importAs(admin, [{ type: 'ErasePatientIdentity', patientId, reason: 'GDPR art. 17 request received by post' }]);
      expect(erased).toMatchObject({ status: 200, body: { events: 1 } });
      expect(await api.infra.vault.isErased(patientId)).toBe(true);

      const events = await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician });
      expect(events.body.events[0].data.identity).toEqual({ erased: true });
      expect(events.body.events.at(-1)).toMatchObject({ type: 'PatientIdentityErased', metadata: { source: 'import', actor: { userId: 'root', role: 'admin' } } });
      const stored = await api.request('GET', `/v1/audit/streams/patient-${patientId}`, { token: admin });
      await api.projectionsCaughtUp();
      const timeline = await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: clinician });
      expect(timeline.body.patient.identity).toEqual({ erased: true });
      const replayed = await revealIdentities(await api.infra.rawStore.readStream(`patient-${patientId}`), patientId, api.infra.vault);
      expect(replayed[0]!.data).toMatchObject({ identity: { erased: true } });
      for (const text of [events.text, stored.text, timeline.text, JSON.stringify(replayed)]) {
        expect(text).not.toContain(identity.name);
        expect(text).not.toContain(identity.mrn);
      }
      expect(await findPlaintext(api.db.pool, api.db.schema, [identity.name, identity.mrn, 'Hashimoto'])).toEqual([]);
    });

    it('is refused to a clinician, line by line, with nothing written', async () => {
      const patientId = randomUUID();
      await importAs(clinician, [enrolment(patientId)]);
      const before = await countEvents();
      const refused = await importAs(clinician, [vegf(patientId, 900, '2026-02-01T08:00:00Z'), { type: 'ErasePatientIdentity', patientId, reason: 'asked' }]);
      expect(refused).toMatchObject({ status: 400, body: { code: 'IMPORT_REJECTED', issues: [{ line: 2, code: 'FORBIDDEN' }] } });
      expect(await countEvents()).toBe(before);
      expect(await api.infra.vault.isErased(patientId)).toBe(false);
    });
  });

  describe('an Idempotency-Key on the import', () => {
    it('answers a replayed import as the first did, and writes nothing new', async () => {
      const patientId = randomUUID();
      const lines = [enrolment(patientId), vegf(patientId, 2100, '2026-01-05T08:00:00Z')];
      const key = { 'idempotency-key': randomUUID() };
      const first = await importAs(clinician, lines, key);
      expect(first).toMatchObject({ status: 200, body: { replayed: false, events: 2 } });
      const before = await countEvents();
      const again = await importAs(clinician, lines, key);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first.body, replayed: true });
      expect(await countEvents()).toBe(before);
      const stored = await api.infra.rawStore.readStream(`patient-${patientId}`);
      expect(stored.map((event) => event.metadata.requestHash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), stored[0]!.metadata.requestHash]);
    });

    it('refuses the same key with other lines (422) and writes none of them', async () => {
      const patientId = randomUUID();
      const key = { 'idempotency-key': randomUUID() };
      expect((await importAs(clinician, [enrolment(patientId), vegf(patientId, 2100, '2026-01-05T08:00:00Z')], key)).status).toBe(200);
      const before = await countEvents();
      const other = await importAs(clinician, [vegf(patientId, 1500, '2026-03-01T08:00:00Z'), vegf(patientId, 900, '2026-04-01T08:00:00Z')], key);
      expect(other).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      // Lines that share no line number or patient with the first import are refused too: the key is the whole request's.
      const shifted = await importAs(clinician, ['', '', '', enrolment(randomUUID())], key);
      expect(shifted).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expect(await countEvents()).toBe(before);
    });

    it('lets a refused import be fixed and sent again with the same key', async () => {
      const patientId = randomUUID();
      const key = { 'idempotency-key': randomUUID() };
      const refused = await importAs(clinician, [enrolment(patientId), vegf(patientId, 2100, '2031-01-05T08:00:00Z')], key);
      expect(refused).toMatchObject({ status: 400, body: { issues: [{ line: 2, code: 'TIME_IN_FUTURE' }] } });
      const fixed = await importAs(clinician, [enrolment(patientId), vegf(patientId, 2100, '2026-01-05T08:00:00Z')], key);
      expect(fixed).toMatchObject({ status: 200, body: { events: 2, replayed: false } });
    });

    it('holds one key per caller and request, whichever door: a REST command cannot reuse an import’s key', async () => {
      const patientId = randomUUID();
      const key = { 'idempotency-key': randomUUID() };
      expect((await importAs(clinician, [enrolment(patientId)], key)).status).toBe(200);
      const rest = await api.request('POST', `/v1/patients/${patientId}/lab-results`, { token: clinician, headers: key, body: { test: 'VEGF', value: 700, unit: 'pg/mL', collectedAt: '2026-02-01T08:00:00Z' } });
      expect(rest).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      // Another caller's key of the same text is theirs alone.
      const other = await api.request('POST', `/v1/patients/${patientId}/lab-results`, { token: api.token('dr-mori', ['clinician'], ['haem-a']), headers: key, body: { test: 'VEGF', value: 700, unit: 'pg/mL', collectedAt: '2026-02-01T08:00:00Z' } });
      expect(other.status).toBe(201);
    });
  });
});
