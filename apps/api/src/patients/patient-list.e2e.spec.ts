import { randomUUID } from 'node:crypto';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';
import { patientListResponseSchema } from './patient-list-response';

const NOW = new Date('2026-03-10T01:00:00Z');
const at = (iso: string) => iso;

describe('the patient list of a care team', () => {
  let api: TestApi;
  let admin: string;
  const thalidomide = randomUUID();
  const transplant = randomUUID();
  const otherTeam = randomUUID();

  beforeAll(async () => {
    api = await startTestApi({ withAlerts: true, clock: () => NOW, env: { CLINIC_TIME_ZONE: 'Asia/Tokyo' } });
    admin = api.token('admin', ['admin']);
    const enrol = (patientId: string, careTeam: string, birthDate: string, name: string, mrn: string, enrolledAt = '2026-01-05T00:00:00Z') => ({
      type: 'EnrollPatient', patientId, birthDate, sex: 'female', heightCm: 158, weightKg: 51, careTeam, enrolledAt: at(enrolledAt), name, mrn,
    });
    const history = [
      enrol(thalidomide, 'haem-a', '1955-06-01', 'Hanako Yamada', 'MRN-0042'),
      { type: 'ChangeThalidomideDose', patientId: thalidomide, mgPerDay: 100, effectiveAt: at('2026-01-06T00:00:00Z') },
      { type: 'RecordDexamethasoneDose', patientId: thalidomide, doseMg: 18, givenAt: at('2026-01-06T00:00:00Z') },
      { type: 'StartThromboprophylaxis', patientId: thalidomide, agent: 'ASPIRIN', startedAt: at('2026-01-06T00:00:00Z') },
      // 08:00 in Tokyo on 3 Feb: 2 Feb in UTC. Day 1 of cycle 2 is 3 Feb in the clinic's calendar.
      { type: 'RecordDexamethasoneDose', patientId: thalidomide, doseMg: 18, givenAt: at('2026-02-02T23:00:00Z') },
      enrol(transplant, 'haem-a', '1970-02-01', 'Keiko Suzuki', 'MRN-0077', '2026-01-06T00:00:00Z'),
      { type: 'RecordTransplantMilestone', patientId: transplant, milestone: 'APHERESIS', occurredAt: at('2026-01-20T00:00:00Z'), cd34PerKg: 1.1 },
      enrol(otherTeam, 'haem-b', '1950-01-01', 'Other Team', 'MRN-0099'),
    ];
    const imported = await api.request('POST', '/v1/import', { raw: history.map((line) => JSON.stringify(line)).join('\n'), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    await eventually(async () => {
      await api.projectionsCaughtUp();
      const rules = (await api.request('GET', '/v1/alerts', { token: admin })).body.items.map((a: any) => a.rule).sort();
      return rules.join() === 'ASSESSMENT_OVERDUE,DEX_CYCLE_MISSED,LOW_CD34_YIELD,PBSCT_MILESTONE_OVERDUE,THALIDOMIDE_ESCALATION_DUE,TREATMENT_NOT_STARTED' ? true : undefined;
    }, 'the alerts the histories show', 20_000);
    await api.projectionsCaughtUp();
  }, 60_000);
  afterAll(() => api?.close());

  it('shows a clinician their care teams’ patients only, named, most urgent first, with day of cycle counted in the clinic’s calendar', async () => {
    const clinician = api.token('dr-a', ['clinician'], ['haem-a']);
    const { status, body } = await api.request('GET', '/v1/patients', { token: clinician });
    expect(status).toBe(200);
    expect(patientListResponseSchema.strict().parse(body)).toBeTruthy();
    expect(body).toMatchObject({ total: 2, offset: 0, next: null, clinicTimeZone: 'Asia/Tokyo', asOf: NOW.toISOString() });
    // Most urgent first: two open warnings each, then any open alert: the thalidomide patient has a third (info).
    expect(body.items.map((p: any) => p.identity.name)).toEqual(['Hanako Yamada', 'Keiko Suzuki']);
    const [onCycle, withAlert] = body.items;
    expect(withAlert).toMatchObject({ arm: 'AUTO_PBSCT', treatment: { kind: 'PRE_TRANSPLANT', lastMilestone: 'APHERESIS' }, openAlerts: { total: 2, warning: 2, highestSeverity: 'warning' } });
    // No schedule runs before the infusion (its CD34+ yield was recorded): the late conditioning is its open alert.
    expect(withAlert.overdue.map((o: any) => [o.kind, o.rule])).toEqual([['ALERT', 'PBSCT_MILESTONE_OVERDUE']]);
    expect(withAlert.nextDue).toEqual([]);
    // 10 Mar 10:00 in Tokyo is day 36 of the cycle that began on 3 Feb there: the next dose was due on 3 Mar.
    expect(onCycle).toMatchObject({ arm: 'THALIDOMIDE_DEXAMETHASONE', identity: { mrn: 'MRN-0042' }, treatment: { kind: 'DEXAMETHASONE_CYCLE', cycleNumber: 2, cycleDay: 36, cycleLengthDays: 28 } });
    // Thalidomide from 6 Jan (Tokyo): the schedule's VEGF of day 28 (3 Feb ± 14) never came; cycle 3, due 3 Mar, not started by 6 Mar.
    expect(onCycle.clinicTimeZone).toBe('Asia/Tokyo');
    expect(onCycle.overdue).toEqual([
      { kind: 'ASSESSMENT', assessment: 'VEGF', what: 'VEGF', dueDate: '2026-02-03', windowClosedOn: '2026-02-17', daysOverdue: 21, summary: 'No VEGF for day 28 (2026-02-03): its window closed 2026-02-17', alertId: null, rule: null },
      { kind: 'DEXAMETHASONE_CYCLE', assessment: null, what: 'Dexamethasone, cycle 3', dueDate: '2026-03-03', windowClosedOn: '2026-03-06', daysOverdue: 4, summary: 'Dexamethasone, cycle 3 due 2026-03-03 not started by 2026-03-06', alertId: null, rule: null },
    ]);
    expect(onCycle.nextDue.map((d: any) => [d.what, d.dueDate, d.status])).toEqual([
      ['VEGF', '2026-03-03', 'OPEN'],
      ['Immunofixation', '2026-03-31', 'OPEN'],
      ['CT for effusions', '2026-06-23', 'UPCOMING'],
      ['Nerve conduction', '2026-06-23', 'UPCOMING'],
      ['ONLS', '2026-06-23', 'UPCOMING'],
    ]);
    // The same schedule as the patient's timeline shows.
    const timeline = (await api.request('GET', `/v1/patients/${thalidomide}/timeline`, { token: clinician })).body;
    expect(timeline.assessmentSchedule.overdue.map((d: any) => [d.kind, d.dueDate])).toEqual([['VEGF', '2026-02-03']]);
    expect(timeline.assessmentSchedule.next.map((d: any) => [d.kind, d.dueDate]).sort()).toEqual(onCycle.nextDue.filter((d: any) => d.kind === 'ASSESSMENT').map((d: any) => [d.assessment, d.dueDate]).sort());
    const logged = await api.infra.accessLog.find({ actor: 'dr-a' });
    expect(logged.find((e: any) => e.action === 'list-patients')).toMatchObject({ action: 'list-patients', outcome: 200, query: { shown: [thalidomide, transplant] } });
  });

  it('finds patients by part of the name or MRN in any case, or by the start of their id, within the caller’s reach only', async () => {
    const clinician = api.token('dr-a', ['clinician'], ['haem-a']);
    const names = async (q: string) => (await api.request('GET', `/v1/patients?q=${encodeURIComponent(q)}`, { token: clinician })).body.items.map((p: any) => p.identity.name);
    expect(await names('yamada')).toEqual(['Hanako Yamada']);
    expect(await names('mrn-0077')).toEqual(['Keiko Suzuki']);
    expect(await names(thalidomide.slice(0, 8))).toEqual(['Hanako Yamada']);
    expect(await names('Other Team')).toEqual([]);
    const auditor = api.token('aud', ['auditor']);
    expect((await api.request('GET', '/v1/patients?q=other', { token: auditor })).body.items.map((p: any) => p.patientId)).toEqual([otherTeam]);
  });

  it('pages, filters by ids, and refuses researchers and bad queries', async () => {
    const page = (await api.request('GET', '/v1/patients?limit=1', { token: admin })).body;
    expect(page).toMatchObject({ total: 3, next: 1 });
    const second = (await api.request('GET', '/v1/patients?limit=1&offset=1', { token: admin })).body;
    expect(second.items[0].patientId).not.toBe(page.items[0].patientId);
    const byIds = (await api.request('GET', `/v1/patients?ids=${thalidomide},${otherTeam}`, { token: api.token('dr-a', ['clinician'], ['haem-a']) })).body;
    expect(byIds.items.map((p: any) => p.patientId)).toEqual([thalidomide]);
    expect((await api.request('GET', '/v1/patients', { token: api.token('res', ['researcher']) })).status).toBe(403);
    const bad = await api.request('GET', '/v1/patients?limit=0&ids=nope', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: any) => i.field).sort()).toEqual(['query.ids.0', 'query.limit']);
  });
});
