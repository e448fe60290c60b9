import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the patient timeline', () => {
  let api: TestApi;
  let clinician: string;
  const patientId = randomUUID();
  let beforeCorrection: string;
  let vegfId: string;

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withProjections: true });
    clinician = api.token('dr-sato', ['clinician'], ['haem-a']);
    const post = async (path: string, body: unknown) => {
      const response = await api.request('POST', path, { token: clinician, body });
      expect({ path, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      return response.body;
    };
    await post('/v1/patients', { patientId, birthDate: '1950-06-15', sex: 'male', heightCm: 170, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00Z', name: 'Ichiro Suzuki' });
    await post(`/v1/patients/${patientId}/thalidomide-doses`, { mgPerDay: 100, effectiveAt: '2026-01-06T09:00:00Z' });
    await post(`/v1/patients/${patientId}/dexamethasone-doses`, { doseMg: 20, givenAt: '2026-01-06T09:00:00Z' });
    const vegf = await post(`/v1/patients/${patientId}/lab-results`, { test: 'VEGF', value: 6000, unit: 'pg/mL', collectedAt: '2026-01-05T08:00:00Z', specimen: 'serum', method: 'RIA' });
    vegfId = vegf.events[0].eventId;
    await pause(30);
    beforeCorrection = new Date().toISOString();
    await pause(30);
    await post(`/v1/patients/${patientId}/corrections`, { correctsEventId: vegfId, reason: 'decimal slip: 600 pg/mL', value: 600 });
    await post(`/v1/patients/${patientId}/thalidomide-doses`, { mgPerDay: 200, effectiveAt: '2026-01-20T09:00:00Z' });
    await post(`/v1/patients/${patientId}/dexamethasone-doses`, { doseMg: 20, givenAt: '2026-02-03T09:00:00Z' });
    await api.projectionsCaughtUp();
  });
  afterAll(() => api.close());

  describe('live, for the care team', () => {
    it('shows dose intervals, cycles, flagged labs with the corrected value, and identity', async () => {
      const { status, body } = await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: clinician });
      expect(status).toBe(200);
      expect(body.patient).toMatchObject({ patientId, arm: 'THALIDOMIDE_DEXAMETHASONE', ageAtEnrolment: 75, identity: { name: 'Ichiro Suzuki' }, protocol: { id: 'poems-seed', version: 1 } });
      expect(body.thalidomide.map((t: any) => [t.from, t.to, t.mgPerDay, t.phase])).toEqual([
        ['2026-01-06T09:00:00.000Z', '2026-01-20T09:00:00.000Z', 100, 'START'],
        ['2026-01-20T09:00:00.000Z', null, 200, 'ESCALATION'],
      ]);
      expect(body.dexamethasone.map((d: any) => [d.givenAt, d.cycleNumber])).toEqual([
        ['2026-01-06T09:00:00.000Z', 1],
        ['2026-02-03T09:00:00.000Z', 2],
      ]);
      expect(body.labs).toEqual([
        expect.objectContaining({ eventId: vegfId, test: 'VEGF', value: 600, unit: 'pg/mL', upperLimitOfNormal: 600, flag: 'H', corrected: true }),
      ]);
      expect(body.labs[0].original).toBeUndefined();
      expect(body.labs[0].corrections[0]).toMatchObject({ reason: 'decimal slip: 600 pg/mL', correctedBy: 'dr-sato' });
    });

    it('shows auditors the value a correction replaced', async () => {
      const { body } = await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: api.token('aud', ['auditor']) });
      expect(body.labs[0]).toMatchObject({ value: 600, original: { value: 6000 } });
      expect(body.labs[0].corrections[0].previous).toMatchObject({ value: 6000 });
    });
  });

  describe('as of a past moment (time travel)', () => {
    it('shows exactly what the system held then: no later correction, no later events', async () => {
      const { status, body } = await api.request('GET', `/v1/patients/${patientId}/timeline?asOf=${beforeCorrection}`, { token: clinician });
      expect(status).toBe(200);
      expect(body.asOf).toBe(beforeCorrection);
      expect(body.labs).toEqual([
        {
          eventId: vegfId,
          collectedAt: '2026-01-05T08:00:00.000Z',
          test: 'VEGF',
          value: 6000,
          unit: 'pg/mL',
          upperLimitOfNormal: 600,
          flag: 'H',
          limitUnknown: false,
          unusual: false,
          specimen: 'serum',
          method: 'RIA',
          reported: { value: 6000, unit: 'pg/mL' },
        },
      ]);
      expect(body.thalidomide.map((t: any) => [t.from, t.to, t.mgPerDay])).toEqual([['2026-01-06T09:00:00.000Z', null, 100]]);
      expect(body.dexamethasone).toHaveLength(1);
    });

    it('knows nothing before the patient was enrolled', async () => {
      const { status } = await api.request('GET', `/v1/patients/${patientId}/timeline?asOf=2020-01-01T00:00:00Z`, { token: clinician });
      expect(status).toBe(404);
    });
  });

  describe('reading your own writes', () => {
    it('waits for the position a command answered with', async () => {
      const written = await api.request('POST', `/v1/patients/${patientId}/adverse-events`, { token: clinician, body: { term: 'somnolence', grade: 1, onsetAt: '2026-02-10T00:00:00Z' } });
      const { body } = await api.request('GET', `/v1/patients/${patientId}/timeline?minPosition=${written.body.position}`, { token: clinician });
      expect(body.adverseEvents.map((e: any) => e.term)).toContain('somnolence');
      const tooFar = await api.request('GET', `/v1/patients/${patientId}/timeline?minPosition=999999999`, { token: clinician });
      expect(tooFar.status).toBe(503);
    }, 20_000);
  });

  // Issue 12: the timeline shows what is due next and what is overdue; issue 16: a VEGF of an unknown assay says so.
  describe('the assessment schedule and the response per domain', () => {
    it('shows the next assessment due of each kind and the overdue ones, judged now', async () => {
      const { body } = await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: clinician });
      // Thalidomide from 6 January 09:00: VEGF every 28 days ± 14, immunofixation every 84 ± 42, nothing recorded since.
      expect(body.assessmentSchedule.judgedAt).toBe('2026-06-01T12:00:00.000Z');
      expect(body.assessmentSchedule.overdue.map((d: any) => `${d.kind} ${d.day}`)).toEqual(['VEGF 28', 'VEGF 56', 'M_PROTEIN_IFE 84', 'VEGF 84', 'VEGF 112']);
      expect(body.assessmentSchedule.next.find((d: any) => d.kind === 'VEGF')).toMatchObject({
        day: 140,
        status: 'OPEN',
        // Whole clinic days in Tokyo: from 12 May 00:00 JST to the end of 9 June JST.
        opensAt: '2026-05-11T15:00:00.000Z',
        dueAt: '2026-05-26T09:00:00.000Z',
        dueDate: '2026-05-26',
        closesAt: '2026-06-09T14:59:59.999Z',
        closesOn: '2026-06-09',
      });
      expect(body.response).toMatchObject({ treatmentStartedAt: '2026-01-06T09:00:00.000Z', current: { VEGF: null, HAEMATOLOGIC: null, CLINICAL: null }, overTime: [] });
      expect(body.response.rule).toContain('Dispenzieri');
    });

    it('flags a VEGF of an assay with no known limit as such, and never compares it with the serum RIA baseline', async () => {
      const written = await api.request('POST', `/v1/patients/${patientId}/lab-results`, {
        token: clinician,
        body: { test: 'VEGF', value: 90, unit: 'pg/mL', collectedAt: '2026-02-03T08:00:00Z', specimen: 'plasma', method: 'ELISA' },
      });
      expect(written.status).toBe(201);
      const { body } = await api.request('GET', `/v1/patients/${patientId}/timeline?minPosition=${written.body.position}`, { token: clinician });
      expect(body.labs.find((l: any) => l.specimen === 'plasma')).toMatchObject({ value: 90, upperLimitOfNormal: null, flag: null, limitUnknown: true });
      expect(body.response.current.VEGF).toBeNull();
      expect(body.assessmentSchedule.overdue.map((d: any) => `${d.kind} ${d.day}`)).not.toContain('VEGF 28');
    }, 20_000);
  });

  describe('who may read it', () => {
    it('refuses other care teams and researchers, and records every read', async () => {
      // Another team's patient is answered as one that does not exist, before any wait on the projection.
      const hidden = await api.request('GET', `/v1/patients/${patientId}/timeline?minPosition=999999999`, { token: api.token('x', ['clinician'], ['haem-b']) });
      expect(hidden).toMatchObject({ status: 404, body: { code: 'PATIENT_NOT_FOUND' } });
      expect(hidden.text).not.toContain('haem-a');
      expect((await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: api.token('r', ['researcher']) })).status).toBe(403);
      const log = await api.request('GET', `/v1/audit/access-log?patientId=${patientId}&limit=100`, { token: api.token('aud', ['auditor']) });
      const actions = log.body.entries.map((e: any) => `${e.actor}:${e.action}:${e.outcome}`);
      expect(actions).toEqual(expect.arrayContaining(['x:read-timeline:404', 'dr-sato:read-timeline-as-of:200', 'dr-sato:read-timeline:200', 'aud:read-timeline:200']));
    });
  });
});
