import { classifyResponse, RESPONSE_RULE, summariseResponses } from './research-response';
import type { ResearchMeasurementRow, ResearchRecord } from './research-rows';

type Sample = [kind: 'VEGF' | 'ONLS', day: number, value: number, upperLimit?: number];

/** A patient whose treatment started on 2025-06-01 (shifted), with samples on days relative to it. */
function patient(samples: Sample[], options: { started?: boolean; arm?: ResearchRecord['patient']['arm']; id?: string } = {}): ResearchRecord {
  const on = (day: number) => new Date(Date.UTC(2025, 5, 1 + day)).toISOString().slice(0, 10);
  const pseudoId = options.id ?? 'P-1';
  const measurements: ResearchMeasurementRow[] = samples.map(([kind, day, value, upperLimit], i) => ({
    key: `k${String(i).padStart(2, '0')}`,
    pseudoId,
    kind,
    measuredOn: on(day),
    value,
    unit: kind === 'VEGF' ? 'pg/mL' : 'points',
    upperLimitOfNormal: kind === 'VEGF' ? (upperLimit ?? 600) : null,
    nerve: null,
    side: null,
    result: null,
  }));
  const row = { pseudoId, arm: options.arm ?? 'THALIDOMIDE_DEXAMETHASONE', ageBand: '66-74', halfDose: false, sex: 'male', protocolId: 'poems-seed', protocolVersion: 1 };
  return { patient: { ...row, enrolledOn: on(-7), treatmentStartedOn: options.started === false ? null : on(0), regimenEndedOn: null, startCandidates: [] }, measurements };
}

const classify = (samples: Sample[], options?: Parameters<typeof patient>[1]) => classifyResponse(patient(samples, options)).classification;
const why = (samples: Sample[], options?: Parameters<typeof patient>[1]) => classifyResponse(patient(samples, options)).notEvaluableBecause;

describe('a patient whose VEGF normalised and whose ONLS fell by a point', () => {
  it('improved, and the values it was judged on are given', () => {
    const response = classifyResponse(patient([['VEGF', -10, 2000], ['ONLS', -3, 6], ['VEGF', 180, 599], ['ONLS', 180, 5], ['ONLS', 200, 5]]));
    expect(response).toEqual({
      pseudoId: 'P-1',
      arm: 'THALIDOMIDE_DEXAMETHASONE',
      classification: 'IMPROVED',
      notEvaluableBecause: null,
      baselineVegfPgMl: 2000,
      latestVegfPgMl: 599,
      latestVegfUpperLimitPgMl: 600,
      baselineOnls: 6,
      latestOnls: 5,
      followUpDays: 200,
    });
  });
});

describe('the edges of the rule', () => {
  it('a VEGF at the upper limit is not normal: with ONLS better and VEGF lower, that is stabilised', () => {
    expect(classify([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 600], ['ONLS', 90, 5]])).toBe('STABILISED');
  });

  it('the limit is the latest sample’s own assay limit', () => {
    expect(classify([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 900, 1000], ['ONLS', 90, 5]])).toBe('IMPROVED');
  });

  it('normal VEGF with unchanged ONLS is stabilised; ONLS one point worse is progression even with normal VEGF', () => {
    expect(classify([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 300], ['ONLS', 90, 6]])).toBe('STABILISED');
    expect(classify([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 300], ['ONLS', 90, 7]])).toBe('PROGRESSED');
  });

  it('any rise of VEGF above baseline is progression, unless the patient improved (IMPROVED is judged first)', () => {
    expect(classify([['VEGF', 0, 300], ['ONLS', 0, 6], ['VEGF', 90, 301], ['ONLS', 90, 6]])).toBe('PROGRESSED');
    expect(classify([['VEGF', 0, 300], ['ONLS', 0, 6], ['VEGF', 90, 500], ['ONLS', 90, 5]])).toBe('IMPROVED');
    expect(classify([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 2000], ['ONLS', 90, 6]])).toBe('STABILISED');
  });

  it('the baseline is the last sample from 90 days before the start up to the start day', () => {
    const at = (day: number) => classifyResponse(patient([['VEGF', day, 2000], ['VEGF', -91, 100], ['ONLS', 0, 6], ['VEGF', 90, 1000], ['ONLS', 90, 6]]));
    expect(at(-90).baselineVegfPgMl).toBe(2000);
    expect(at(0).baselineVegfPgMl).toBe(2000);
    expect(why([['VEGF', -91, 2000], ['ONLS', 0, 6], ['VEGF', 90, 1000], ['ONLS', 90, 6]])).toBe('NO_BASELINE_VEGF');
    expect(why([['VEGF', 1, 2000], ['ONLS', 0, 6], ['VEGF', 90, 1000], ['ONLS', 90, 6]])).toBe('NO_BASELINE_VEGF');
    expect(classifyResponse(patient([['VEGF', -60, 3000], ['VEGF', -10, 2000], ['ONLS', 0, 6], ['VEGF', 90, 1000], ['ONLS', 90, 6]])).baselineVegfPgMl).toBe(2000);
  });

  it('without an ONLS before the start, the first within 30 days after it is the baseline', () => {
    const late = (day: number) => patient([['VEGF', 0, 2000], ['ONLS', day, 6], ['ONLS', day + 5, 7], ['VEGF', 90, 500], ['ONLS', 120, 5]]);
    expect(classifyResponse(late(30))).toMatchObject({ baselineOnls: 6, latestOnls: 5, classification: 'IMPROVED' });
    expect(classifyResponse(late(31))).toMatchObject({ baselineOnls: null, classification: 'NOT_EVALUABLE', notEvaluableBecause: 'NO_BASELINE_ONLS' });
  });

  it('a follow-up is a sample after the start and after its baseline', () => {
    expect(why([['VEGF', 0, 2000], ['ONLS', 0, 6], ['ONLS', 90, 6]])).toBe('NO_FOLLOW_UP_VEGF');
    expect(why([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 500]])).toBe('NO_FOLLOW_UP_ONLS');
    expect(why([['VEGF', 0, 2000], ['ONLS', 20, 6], ['VEGF', 90, 500]])).toBe('NO_FOLLOW_UP_ONLS');
    expect(why([['VEGF', -5, 2000], ['VEGF', 0, 1900], ['ONLS', 0, 6], ['ONLS', 30, 6]])).toBe('NO_FOLLOW_UP_VEGF');
  });

  it('without a treatment start nothing is evaluable', () => {
    expect(why([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 500], ['ONLS', 90, 5]], { started: false })).toBe('NO_TREATMENT_START');
  });
});

describe('the summary of a cohort', () => {
  it('counts each arm (arms without patients too) and states the rule', () => {
    const cohort = [
      patient([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 500], ['ONLS', 90, 5]], { id: 'P-b' }),
      patient([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 1500], ['ONLS', 90, 6]], { id: 'P-a' }),
      patient([['VEGF', 0, 2000], ['ONLS', 0, 6], ['VEGF', 90, 2500], ['ONLS', 90, 6]], { id: 'P-c' }),
      patient([['VEGF', 0, 2000]], { id: 'P-d' }),
    ];
    const summary = summariseResponses(cohort);
    expect(summary.rule).toBe(RESPONSE_RULE);
    expect(summary.perArm).toEqual([
      { arm: 'AUTO_PBSCT', improved: 0, stabilised: 0, progressed: 0, notEvaluable: 0 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', improved: 1, stabilised: 1, progressed: 1, notEvaluable: 1 },
    ]);
    expect(summary.perPatient.map((p) => [p.pseudoId, p.classification])).toEqual([
      ['P-a', 'STABILISED'],
      ['P-b', 'IMPROVED'],
      ['P-c', 'PROGRESSED'],
      ['P-d', 'NOT_EVALUABLE'],
    ]);
    expect(summariseResponses(cohort, ['AUTO_PBSCT'])).toMatchObject({ perArm: [{ arm: 'AUTO_PBSCT' }], perPatient: [] });
  });
});
