import { randomUUID } from 'node:crypto';
import { researchPseudonyms } from '@poems/projections';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');
type Command = [path: string, body: Record<string, unknown>];
const at = (date: string, time = '09:00') => `${date}T${time}:00Z`;
const vegf = (value: number, date: string): Command => ['lab-results', { test: 'VEGF', value, unit: 'pg/mL', collectedAt: at(date, '08:00'), specimen: 'serum', method: 'RIA' }];
const onls = (score: number, date: string): Command => ['assessments', { kind: 'ONLS', score, assessedAt: at(date, '10:00') }];
const milestone = (name: string, date: string): Command => ['transplant-milestones', { milestone: name, occurredAt: at(date) }];
const thalidomide = (mgPerDay: number, date: string): Command => ['thalidomide-doses', { mgPerDay, effectiveAt: at(date) }];

/**
 * Five patients, identities and care teams set. Day 0 is the infusion (A, B) or the thalidomide
 * start (C, D); E never starts. A and B's baselines are diagnostic samples, before their first
 * apheresis. Hand-computed below: days, months, quartiles and responses.
 */
const COHORT = {
  A: { name: 'Aiko Watanabe', mrn: 'MRN-A-1001', birthDate: '1975-04-10', careTeam: 'haem-east', enrolledAt: '2025-09-01', sex: 'female',
    commands: [vegf(3200, '2025-09-15'), onls(5, '2025-09-15'), ['lab-results', { test: 'M_PROTEIN_IFE', value: 'positive', collectedAt: at('2025-09-15'), lightChain: 'lambda' }],
      ['assessments', { kind: 'NERVE_CONDUCTION', nerve: 'ulnar', side: 'left', cmapAmplitudeMv: 2.4, conductionVelocityMs: 40, assessedAt: at('2025-09-15') }],
      milestone('APHERESIS', '2025-09-20'), milestone('CONDITIONING', '2025-10-13'), milestone('STEM_CELL_INFUSION', '2025-10-15'),
      vegf(900, '2025-11-14'), vegf(500, '2025-12-15'), vegf(400, '2026-01-15'), onls(3, '2026-01-15')] as Command[] },
  B: { name: 'Kenji Morimoto', mrn: 'MRN-B-2002', birthDate: '1965-08-20', careTeam: 'haem-west', enrolledAt: '2025-09-05', sex: 'male',
    commands: [vegf(2400, '2025-09-22'), onls(4, '2025-09-22'), milestone('APHERESIS', '2025-09-25'), milestone('CONDITIONING', '2025-10-18'), milestone('STEM_CELL_INFUSION', '2025-10-20'),
      vegf(1200, '2025-11-19'), vegf(7000, '2025-12-20'), onls(4, '2025-12-20')] as Command[] },
  C: { name: 'Yoshiko Kato', mrn: 'MRN-C-3003', birthDate: '1955-02-14', careTeam: 'haem-east', enrolledAt: '2025-09-10', sex: 'female',
    commands: [vegf(1800, '2025-09-10'), onls(6, '2025-09-10'), thalidomide(100, '2025-09-11'), thalidomide(200, '2025-09-25'), vegf(1500, '2025-10-12'), vegf(1900, '2025-12-12'), onls(7, '2025-12-12')] as Command[] },
  D: { name: 'Hiroshi Nakamura', mrn: 'MRN-D-4004', birthDate: '1947-06-01', careTeam: 'haem-west', enrolledAt: '2025-09-15', sex: 'male',
    commands: [vegf(1000, '2025-09-15'), thalidomide(50, '2025-09-16'), onls(5, '2025-09-26'), vegf(700, '2025-10-17'), vegf(550, '2025-11-17'), onls(4, '2025-11-17')] as Command[] },
  E: { name: 'Sachiko Ishikawa', mrn: 'MRN-E-5005', birthDate: '1957-03-03', careTeam: 'haem-east', enrolledAt: '2025-09-20', sex: 'female',
    commands: [vegf(2000, '2025-09-20'), ['regimen-end', { endedAt: at('2025-10-01'), reason: 'moved to another hospital' }]] as Command[] },
};
type Key = keyof typeof COHORT;

describe('the de-identified research views', () => {
  let api: TestApi;
  let researcher: string;
  const ids = Object.fromEntries(Object.keys(COHORT).map((key) => [key, randomUUID()])) as Record<Key, string>;
  const pseudo = {} as Record<Key, string>;
  const eventIds: string[] = [];
  const outputs: string[] = [];
  const get = async (path: string, token: string, csv = false) => {
    const response = await api.request('GET', path, { token, headers: csv ? { accept: 'text/csv' } : {} });
    outputs.push(response.text);
    return response;
  };

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withProjections: true });
    researcher = api.token('res-1', ['researcher']);
    const clinician = api.token('dr-ono', ['clinician'], ['haem-east', 'haem-west']);
    const post = async (path: string, body: unknown) => {
      const response = await api.request('POST', path, { token: clinician, body });
      expect({ path, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      eventIds.push(...response.body.events.map((e: { eventId: string }) => e.eventId));
      return response.body;
    };
    const pseudonyms = researchPseudonyms(api.config.RESEARCH_PSEUDONYM_KEY);
    for (const [key, p] of Object.entries(COHORT) as [Key, (typeof COHORT)[Key]][]) {
      const patientId = ids[key];
      pseudo[key] = pseudonyms.patient(patientId);
      const { commands, enrolledAt, ...person } = p;
      await post('/v1/patients', { patientId, ...person, heightCm: 165, weightKg: 58, enrolledAt: at(enrolledAt) });
      for (const [path, body] of commands) {
        const written = await post(`/v1/patients/${patientId}/${path}`, body);
        // B's December VEGF was keyed in as 7000: the corrected 700 is what research must see.
        if (body['value'] === 7000) await post(`/v1/patients/${patientId}/corrections`, { correctsEventId: written.events[0].eventId, reason: 'extra zero', value: 700 });
      }
    }
    await api.projectionsCaughtUp();
  }, 60_000);
  afterAll(() => api.close());

  it('gives the VEGF series per patient and per arm and month, as computed by hand', async () => {
    const { status, body } = await get('/v1/research/vegf-series', researcher);
    expect(status).toBe(200);
    const series = Object.fromEntries(body.perPatient.map((s: any) => [s.pseudoId, [s.arm, s.points.map((p: any) => [p.month, p.daysSinceStart, p.vegfPgMl])]]));
    expect(series).toEqual({
      [pseudo.A]: ['AUTO_PBSCT', [[-1, -30, 3200], [0, 30, 900], [2, 61, 500], [3, 92, 400]]],
      [pseudo.B]: ['AUTO_PBSCT', [[-1, -28, 2400], [0, 30, 1200], [2, 61, 700]]],
      [pseudo.C]: ['THALIDOMIDE_DEXAMETHASONE', [[-1, -1, 1800], [1, 31, 1500], [3, 92, 1900]]],
      [pseudo.D]: ['THALIDOMIDE_DEXAMETHASONE', [[-1, -1, 1000], [1, 31, 700], [2, 62, 550]]],
    });
    expect(body.perMonth).toEqual([
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: -1, n: 2, median: 2800, q1: 2600, q3: 3000 },
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: 0, n: 2, median: 1050, q1: 975, q3: 1125 },
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: 2, n: 2, median: 600, q1: 550, q3: 650 },
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: 3, n: 1, median: 400, q1: 400, q3: 400 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', series: 'serum RIA', month: -1, n: 2, median: 1400, q1: 1200, q3: 1600 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', series: 'serum RIA', month: 1, n: 2, median: 1100, q1: 900, q3: 1300 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', series: 'serum RIA', month: 2, n: 1, median: 550, q1: 550, q3: 550 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', series: 'serum RIA', month: 3, n: 1, median: 1900, q1: 1900, q3: 1900 },
    ]);
    const auto = await get('/v1/research/vegf-series?arm=AUTO_PBSCT', api.token('aud-1', ['auditor']));
    expect(auto.body.perPatient.map((s: any) => s.pseudoId).sort()).toEqual([pseudo.A, pseudo.B].sort());
  });

  it('classifies responses from the per-domain POEMS responses, per arm and per patient', async () => {
    const { status, body } = await get('/v1/research/responses', researcher);
    expect(status).toBe(200);
    expect(body.rule).toMatch(/IMPROVED: CLINICAL IMPROVED and VEGF COMPLETE or PARTIAL/);
    expect(body.perArm).toEqual([
      { arm: 'AUTO_PBSCT', improved: 1, stabilised: 1, progressed: 0, notEvaluable: 0 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', improved: 1, stabilised: 0, progressed: 1, notEvaluable: 1 },
    ]);
    const byPatient = Object.fromEntries(body.perPatient.map((r: any) => [r.pseudoId, [r.classification, r.notEvaluableBecause, r.vegf?.response ?? null, r.clinical?.response ?? null]]));
    expect(byPatient).toEqual({
      [pseudo.A]: ['IMPROVED', null, 'COMPLETE', 'IMPROVED'],
      [pseudo.B]: ['STABILISED', null, 'PARTIAL', 'STABLE'],
      [pseudo.C]: ['PROGRESSED', null, 'NONE', 'WORSENED'],
      [pseudo.D]: ['IMPROVED', null, 'COMPLETE', 'IMPROVED'],
      [pseudo.E]: ['NOT_EVALUABLE', 'NO_TREATMENT_START', null, null],
    });
    const a = body.perPatient.find((r: any) => r.pseudoId === pseudo.A);
    // Research rows keep days only: samples of the same day come in the order of their keyed hashes.
    expect(a.overTime.map((r: any) => `${r.daysSinceStart} ${r.domain} ${r.response}`).sort()).toEqual(['30 VEGF PARTIAL', '61 VEGF COMPLETE', '92 CLINICAL IMPROVED', '92 VEGF COMPLETE']);
    expect(a.vegf).toEqual({ response: 'COMPLETE', daysSinceStart: 92, detail: 'VEGF 400 pg/mL (serum RIA) against baseline 3200: normal (< 600)' });
  });

  it('streams each view as a CSV download: one row per sample, one per patient', async () => {
    const series = await get('/v1/research/vegf-series', researcher, true);
    expect(series.status).toBe(200);
    expect(series.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(series.headers.get('content-disposition')).toBe('attachment; filename="research-vegf-series.csv"');
    expect(series.headers.get('transfer-encoding')).toBe('chunked');
    const lines = series.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('pseudo_id,arm,series,month,days_since_start,vegf_pg_ml,upper_limit_pg_ml');
    expect(lines).toHaveLength(1 + 13);
    expect(lines).toContain(`${pseudo.B},AUTO_PBSCT,serum RIA,2,61,700,600`);
    const responses = await get('/v1/research/responses', api.token('adm', ['admin']), true);
    const rows = responses.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'pseudo_id,arm,classification,not_evaluable_because,vegf_response,vegf_detail,haematologic_response,clinical_response,clinical_detail,follow_up_days,' +
        'haematologic_detail,vegf_days_since_start,haematologic_days_since_start,clinical_days_since_start',
    );
    expect(rows).toHaveLength(1 + 5);
    expect(rows).toContain(`${pseudo.E},THALIDOMIDE_DEXAMETHASONE,NOT_EVALUABLE,NO_TREATMENT_START,,,,,,,,,,`);
    expect(rows).toContain(`${pseudo.A},AUTO_PBSCT,IMPROVED,,COMPLETE,VEGF 400 pg/mL (serum RIA) against baseline 3200: normal (< 600),,IMPROVED,ONLS 3 against baseline 5 (-2),92,,92,,92`);
  });

  it('refuses clinicians, and records every read and export, refused ones included', async () => {
    const clinician = api.token('dr-x', ['clinician'], ['haem-east']);
    expect((await get('/v1/research/vegf-series', clinician)).status).toBe(403);
    expect((await get('/v1/research/responses', clinician, true)).status).toBe(403);
    const auditor = api.token('aud-2', ['auditor']);
    const entries = async (actor: string) => (await api.request('GET', `/v1/audit/access-log?actor=${actor}&limit=100`, { token: auditor })).body.entries;
    expect((await entries('dr-x')).map((e: any) => `${e.action}:${e.outcome}`).sort()).toEqual(['export-research-responses-csv:403', 'read-research-vegf-series:403']);
    const own = await entries('res-1');
    expect(own.map((e: any) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['read-research-vegf-series:200', 'read-research-responses:200', 'export-research-vegf-series-csv:200']));
    expect(own.every((e: any) => e.patientId === null && e.role === 'researcher')).toBe(true);
    expect((await entries('adm')).map((e: any) => e.action)).toEqual(['export-research-responses-csv']);
  });

  it('shows no name, MRN, birth date, patient id, event id or care team, in any answer or research table', async () => {
    const people = Object.values(COHORT).flatMap((p) => [p.name, ...p.name.split(' '), p.mrn, p.birthDate, p.careTeam]);
    const needles = [...people, ...Object.values(ids), ...eventIds].map((n) => n.toLowerCase());
    expect(eventIds).toHaveLength(40);
    expect(outputs.length).toBeGreaterThanOrEqual(6);
    for (const output of outputs) expect(needles.filter((needle) => output.toLowerCase().includes(needle))).toEqual([]);
    for (const table of ['research_patients', 'research_measurements', 'research_responses']) {
      const { rows } = await api.db.pool.query(`SELECT string_agg(t::text, E'\\n') AS text FROM ${api.db.schema}.${table} AS t`);
      expect(rows[0].text.length).toBeGreaterThan(100);
      expect(needles.filter((needle) => rows[0].text.toLowerCase().includes(needle))).toEqual([]);
    }
  });

  it('waits for the position a command answered with (reading your own writes)', async () => {
    const clinician = api.token('dr-ono', ['clinician'], ['haem-east']);
    const written = await api.request('POST', `/v1/patients/${ids.E}/lab-results`, { token: clinician, body: { test: 'VEGF', value: 1700, unit: 'pg/mL', collectedAt: at('2025-10-20'), specimen: 'serum', method: 'RIA' } });
    expect(written.status).toBe(201);
    const tooFar = await get('/v1/research/responses?minPosition=999999999', researcher);
    expect(tooFar.status).toBe(503);
    const { body } = await get(`/v1/research/vegf-series?minPosition=${written.body.position}`, researcher);
    expect(body.perPatient).toHaveLength(4);
    const rows = await api.db.pool.query(`SELECT count(*)::int AS n FROM ${api.db.schema}.research_measurements WHERE kind = 'VEGF'`);
    expect(rows.rows[0].n).toBe(15);
  }, 20_000);
});
