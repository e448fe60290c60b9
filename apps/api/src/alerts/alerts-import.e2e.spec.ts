import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

const END_DATE = '2026-11-01';
const NOW = new Date('2026-11-01T12:00:00Z');

describe('importing the demo cohort’s whole history', () => {
  let api: TestApi;
  let admin: string;
  const cohort = generateCohort({ endDate: END_DATE });

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withAlerts: true });
    admin = api.token('admin', ['admin']);
    const response = await api.request('POST', '/v1/import', { raw: toNdjson(cohort.commands), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(response.status).toBe(200);
  }, 120_000);
  afterAll(() => api.close());

  it('raises exactly the alerts the histories show, each with its clinical date', async () => {
    const expected = cohort.patients.flatMap((patient) => patient.problems.map((problem) => `${problem.rule}|${patient.id}|${problem.clinicalDate}`)).sort();
    const actual = await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', '/v1/alerts?limit=500', { token: admin });
      if (!body.items) throw new Error(JSON.stringify(body));
      const keys = body.items.map((a: any) => `${a.rule}|${a.patientId}|${a.clinicalTime.slice(0, 10)}`).sort();
      return keys.length >= expected.length ? keys : undefined;
    }, 'the alerts of the imported cohort', 60_000);
    // Settle: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await api.projectionsCaughtUp();
    const settled = (await api.request('GET', '/v1/alerts?limit=500', { token: admin })).body.items.map((a: any) => `${a.rule}|${a.patientId}|${a.clinicalTime.slice(0, 10)}`).sort();
    expect(settled).toEqual(expected);
    expect(actual).toEqual(expected);
  }, 90_000);

  it('keeps every identifying value of the cohort out of the research views and their exports', async () => {
    const researcher = api.token('res', ['researcher']);
    const answers = [
      await api.request('GET', '/v1/research/vegf-series', { token: researcher }),
      await api.request('GET', '/v1/research/responses', { token: researcher }),
      await api.request('GET', '/v1/research/vegf-series', { token: researcher, headers: { accept: 'text/csv' } }),
      await api.request('GET', '/v1/research/responses', { token: researcher, headers: { accept: 'text/csv' } }),
    ];
    for (const answer of answers) expect(answer.status).toBe(200);
    const output = answers.map((answer) => answer.text).join('\n');
    expect(output).toContain('THALIDOMIDE_DEXAMETHASONE');
    const identifying = cohort.patients.flatMap((p) => [p.id, p.name, p.mrn, p.birthDate, p.name.split(' ')[0]!, p.name.split(' ').at(-1)!]);
    const careTeams = [...new Set(cohort.patients.map((p) => p.careTeam))];
    const leaks = [...identifying, ...careTeams].filter((value) => output.includes(value));
    expect(leaks).toEqual([]);
    const responses = answers[1]!.body;
    const thalidomide = responses.perArm.find((arm: any) => arm.arm === 'THALIDOMIDE_DEXAMETHASONE');
    expect(thalidomide).toMatchObject({ improved: 12, stabilised: 3, progressed: 0 });
  });

  it('raises none twice when the same history is evaluated again', async () => {
    const before = await api.db.pool.query(`SELECT count(*)::int AS n FROM ${api.db.schema}.events WHERE stream_id LIKE 'alert-%' AND type = 'AlertRaised'`);
    await api.db.pool.query(`UPDATE ${api.db.schema}.alert_evaluation_requests SET evaluated_position = 0, requested_at = now() - interval '1 minute'`);
    await api.engine!.sweepOnce();
    await eventually(async () => {
      const { rows } = await api.db.pool.query(`SELECT count(*)::int AS n FROM ${api.db.schema}.alert_evaluation_requests WHERE evaluated_position < requested_position`);
      return rows[0].n === 0;
    }, 'every patient to be evaluated again', 60_000);
    const after = await api.db.pool.query(`SELECT count(*)::int AS n FROM ${api.db.schema}.events WHERE stream_id LIKE 'alert-%' AND type = 'AlertRaised'`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  }, 90_000);
});
