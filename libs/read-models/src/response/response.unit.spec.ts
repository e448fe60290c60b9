import { evolveResponse, foldResponse } from './response-evolve';
import type { ResponseInput, ResponseMeasurement } from './response-rows';
import { summariseResponseRows } from './response-summary';

const thalidomide = (...inputs: ResponseInput[]) =>
  foldResponse([{ kind: 'ENROLLED', subject: 'p1', arm: 'THALIDOMIDE_DEXAMETHASONE', protocol: { id: 'poems-seed', version: 1 } }, start('s', 'THALIDOMIDE_START', '2024-03-02T09:00:00.000Z'), ...inputs])!;
// These rows' times are UTC: their clinic dates are the UTC dates.
const start = (key: string, kind: 'THALIDOMIDE_START' | 'STEM_CELL_INFUSION' | 'MOBILISATION' | 'APHERESIS', at: string): ResponseInput => ({ kind: 'START', subject: 'p1', key, start: { kind, at, on: at.slice(0, 10) } });
const measured = (m: ResponseMeasurement): ResponseInput => ({ kind: 'MEASUREMENT', subject: 'p1', key: m.key, measurement: m });
const vegf = (key: string, at: string, value: number, series: 'serum|ria' | 'plasma|elisa' = 'serum|ria') =>
  measured({ key, at, on: at.slice(0, 10), kind: 'VEGF', value, upperLimit: series === 'serum|ria' ? 600 : null, series, seriesLabel: series === 'serum|ria' ? 'serum RIA' : 'plasma ELISA' });
const onls = (key: string, at: string, score: number) => measured({ key, at, on: at.slice(0, 10), kind: 'ONLS', score });
const cmap = (key: string, at: string, amplitude: number) => measured({ key, at, on: at.slice(0, 10), kind: 'CMAP', nerve: 'median (right)', amplitude });
const ife = (key: string, at: string, result: 'positive' | 'negative') => measured({ key, at, on: at.slice(0, 10), kind: 'M_PROTEIN_IFE', result });
const responses = (row: ReturnType<typeof thalidomide>, domain: string) => row.assessments.filter((a) => a.domain === domain).map((a) => [a.daysSinceStart, a.response]);

describe('the VEGF response over time (Dispenzieri 2012), thalidomide from 2 March', () => {
  const row = thalidomide(
    vegf('b', '2024-02-20T08:00:00.000Z', 2000),
    vegf('1', '2024-04-01T08:00:00.000Z', 1500),
    vegf('2', '2024-06-01T08:00:00.000Z', 1000),
    vegf('3', '2024-09-01T08:00:00.000Z', 550),
    vegf('4', '2024-12-01T08:00:00.000Z', 900),
  );

  it('is NONE, PARTIAL at −50%, COMPLETE once normal, then PROGRESSION at ≥ 50% above the nadir', () => {
    expect(responses(row, 'VEGF')).toEqual([
      [30, 'NONE'],
      [91, 'PARTIAL'],
      [183, 'COMPLETE'],
      [274, 'PROGRESSION'],
    ]);
    expect(row.current.VEGF).toMatchObject({ response: 'PROGRESSION', detail: 'VEGF 900 pg/mL (serum RIA) against baseline 2000: 63.64% above the nadir 550', evidence: ['b', '4'] });
    expect(row.treatmentStartedAt).toBe('2024-03-02T09:00:00.000Z');
  });

  // Issue 16 item 6: normalisation is a complete response however small the fall.
  it('is COMPLETE for a VEGF normalised with less than a 50% fall', () => {
    const small = thalidomide(vegf('b', '2024-02-20T08:00:00.000Z', 900), vegf('1', '2024-09-01T08:00:00.000Z', 550));
    expect(responses(small, 'VEGF')).toEqual([[183, 'COMPLETE']]);
  });

  // Issue 16 item 3: another assay's value is not compared with the baseline.
  it('judges only the baseline’s series', () => {
    const switched = thalidomide(vegf('b', '2024-02-20T08:00:00.000Z', 2000), vegf('1', '2024-09-01T08:00:00.000Z', 80, 'plasma|elisa'));
    expect(responses(switched, 'VEGF')).toEqual([]);
  });
});

describe('an Auto-PBSCT patient (issue 16 item 6)', () => {
  it('is judged against the diagnostic sample before mobilisation, not the one before infusion', () => {
    const row = foldResponse([
      { kind: 'ENROLLED', subject: 'p1', arm: 'AUTO_PBSCT', protocol: { id: 'poems-seed', version: 1 } },
      vegf('dx', '2024-03-01T08:00:00.000Z', 4000),
      start('m', 'MOBILISATION', '2024-03-05T09:00:00.000Z'),
      vegf('pre', '2024-04-17T08:00:00.000Z', 1800),
      start('i', 'STEM_CELL_INFUSION', '2024-04-20T09:00:00.000Z'),
      vegf('6m', '2024-10-19T08:00:00.000Z', 1900),
    ])!;
    expect(row.current.VEGF).toMatchObject({ response: 'PARTIAL', daysSinceStart: 182, evidence: ['dx', '6m'] });
  });
});

describe('the haematologic response by immunofixation', () => {
  it('is COMPLETE when it turns negative after a positive baseline, and not judged after a negative one', () => {
    expect(responses(thalidomide(ife('b', '2024-02-20T08:00:00.000Z', 'positive'), ife('1', '2024-06-01T08:00:00.000Z', 'positive'), ife('2', '2024-09-01T08:00:00.000Z', 'negative')), 'HAEMATOLOGIC')).toEqual([
      [91, 'NONE'],
      [183, 'COMPLETE'],
    ]);
    expect(responses(thalidomide(ife('b', '2024-02-20T08:00:00.000Z', 'negative'), ife('1', '2024-06-01T08:00:00.000Z', 'negative')), 'HAEMATOLOGIC')).toEqual([]);
  });
});

describe('the clinical response by ONLS and nerve conduction', () => {
  it('improves with ONLS 1 point lower, and worsens with a CMAP 30% lower even while ONLS improved', () => {
    const row = thalidomide(onls('b', '2024-02-28T09:00:00.000Z', 6), cmap('c0', '2024-02-28T09:00:00.000Z', 3), onls('1', '2024-06-01T09:00:00.000Z', 5), cmap('c1', '2024-09-01T09:00:00.000Z', 2.1));
    expect(responses(row, 'CLINICAL')).toEqual([
      [91, 'IMPROVED'],
      [183, 'WORSENED'],
    ]);
  });

  it('takes an ONLS of the first 30 days on treatment as baseline when none came before', () => {
    const row = thalidomide(onls('late', '2024-03-20T09:00:00.000Z', 6), onls('1', '2024-06-01T09:00:00.000Z', 7));
    expect(responses(row, 'CLINICAL')).toEqual([[91, 'WORSENED']]);
  });
});

describe('a correction', () => {
  it('replaces the measurement under its key, or withdraws it', () => {
    const row = thalidomide(vegf('b', '2024-02-20T08:00:00.000Z', 2000), vegf('1', '2024-09-01T08:00:00.000Z', 1800));
    const corrected = foldResponse([...inputsOf(row), vegf('1', '2024-09-01T08:00:00.000Z', 500)])!;
    expect(corrected.current.VEGF?.response).toBe('COMPLETE');
    const withdrawn = foldResponse([...inputsOf(row), { kind: 'MEASUREMENT', subject: 'p1', key: '1', measurement: null }])!;
    expect(withdrawn.current.VEGF).toBeNull();
  });
});

describe('folding at once (time travel) and one input at a time (the projection)', () => {
  it('give the same row, corrections, withdrawals and inputs before enrolment included', () => {
    const inputs: ResponseInput[] = [
      vegf('early', '2024-01-02T08:00:00.000Z', 5000),
      { kind: 'ENROLLED', subject: 'p1', arm: 'THALIDOMIDE_DEXAMETHASONE', protocol: { id: 'poems-seed', version: 1 } },
      vegf('b', '2024-02-20T08:00:00.000Z', 2000),
      onls('o0', '2024-02-21T08:00:00.000Z', 4),
      start('s', 'THALIDOMIDE_START', '2024-03-02T09:00:00.000Z'),
      vegf('1', '2024-04-01T08:00:00.000Z', 1500),
      cmap('c1', '2024-04-02T08:00:00.000Z', 3.1),
      vegf('2', '2024-06-01T08:00:00.000Z', 1000),
      vegf('1', '2024-04-01T08:00:00.000Z', 1200),
      onls('o1', '2024-06-02T08:00:00.000Z', 2),
      { kind: 'MEASUREMENT', subject: 'p1', key: '2', measurement: null },
      ife('i0', '2024-02-22T08:00:00.000Z', 'positive'),
      ife('i1', '2024-09-01T08:00:00.000Z', 'negative'),
      start('s', 'THALIDOMIDE_START', '2024-03-03T09:00:00.000Z'),
    ];
    const oneByOne = inputs.reduce<ReturnType<typeof foldResponse>>(evolveResponse, undefined);
    expect(foldResponse(inputs)).toEqual(oneByOne);
    expect(oneByOne!.measurements.map((m) => m.key)).toEqual(['b', 'o0', 'c1', '1', 'o1', 'i0', 'i1']);
  });
});

function inputsOf(row: ReturnType<typeof thalidomide>): ResponseInput[] {
  return [
    { kind: 'ENROLLED', subject: row.subject, arm: row.arm, protocol: row.protocol },
    ...row.starts.map((s) => start(s.key, s.kind, s.at)),
    ...row.measurements.map(measured),
  ];
}

// Issue 16 item 15: "any VEGF rise above baseline = progressed" and "a normal VEGF to improve" are gone.
describe('the research classification from the domains', () => {
  const classify = (...inputs: ResponseInput[]) => summariseResponseRows([thalidomide(...inputs)]).perPatient[0]!.classification;

  it('improves with a partial VEGF response and ONLS one point better (no normal VEGF needed)', () => {
    expect(classify(vegf('b', '2024-02-20T08:00:00.000Z', 3000), onls('o', '2024-02-20T08:00:00.000Z', 6), vegf('1', '2024-09-01T08:00:00.000Z', 1400), onls('2', '2024-09-01T08:00:00.000Z', 5))).toBe('IMPROVED');
  });

  it('stabilises when VEGF rose above baseline but not 50% above its nadir, ONLS unchanged', () => {
    expect(classify(vegf('b', '2024-02-20T08:00:00.000Z', 1000), onls('o', '2024-02-20T08:00:00.000Z', 6), vegf('1', '2024-09-01T08:00:00.000Z', 1100), onls('2', '2024-09-01T08:00:00.000Z', 6))).toBe('STABILISED');
  });

  it('progresses when ONLS is a point worse, and cannot be judged without a clinical response', () => {
    expect(classify(vegf('b', '2024-02-20T08:00:00.000Z', 2000), onls('o', '2024-02-20T08:00:00.000Z', 6), vegf('1', '2024-09-01T08:00:00.000Z', 300), onls('2', '2024-09-01T08:00:00.000Z', 7))).toBe('PROGRESSED');
    const row = summariseResponseRows([thalidomide(vegf('b', '2024-02-20T08:00:00.000Z', 2000), vegf('1', '2024-09-01T08:00:00.000Z', 300))]).perPatient[0]!;
    expect([row.classification, row.notEvaluableBecause]).toEqual(['NOT_EVALUABLE', 'NO_CLINICAL_RESPONSE']);
  });

  it('counts every arm asked for, with no patient too', () => {
    expect(summariseResponseRows([], ['AUTO_PBSCT']).perArm).toEqual([{ arm: 'AUTO_PBSCT', improved: 0, stabilised: 0, progressed: 0, notEvaluable: 0 }]);
  });
});
