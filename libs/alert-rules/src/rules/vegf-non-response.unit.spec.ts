import { vegfNonResponse } from './vegf-non-response';
import { ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';

const NOW = '2025-03-01T00:00:00.000Z';
// Thalidomide from 2 March 09:00: the check is the first VEGF from 182 days later, 31 August 09:00.
const START: Command = { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' };
const vegf = (value: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'VEGF', value, unit: 'pg/mL', collectedAt, specimen: 'serum', method: 'RIA' });
const BASELINE = vegf(2000, '2024-02-20T08:00:00Z');

describe('VEGF at the six-month check fell less than 50% from baseline', () => {
  // 1 enrol, 2 baseline 2000, 3 start, 4 check 1200
  const { findings } = vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(1200, '2024-09-02T08:00:00Z')), NOW);

  it('finds a non-response at the check result', () => {
    expect(findings).toEqual([
      {
        rule: 'VEGF_NON_RESPONSE',
        severity: 'warning',
        episodeKey: 'six-month-check',
        clinicalTime: '2024-09-02T08:00:00.000Z',
        summary: 'VEGF 1200 pg/mL on 2024-09-02 fell 40% from baseline 2000: response needs ≤ 1000 (−50%)',
        evidence: [eventId(2), eventId(4)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('VEGF at the check fell exactly 50%', () => {
  it('is a response: no finding', () => {
    expect(vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(1000, '2024-09-02T08:00:00Z')), NOW).findings).toEqual([]);
  });
});

describe('VEGF that rose by the check', () => {
  it('says it rose', () => {
    const { findings } = vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(2500, '2024-09-02T08:00:00Z')), NOW);
    expect(findings[0]?.summary).toBe('VEGF 2500 pg/mL on 2024-09-02 rose 25% from baseline 2000: response needs ≤ 1000 (−50%)');
  });
});

describe('results before the check day and after the check', () => {
  it('only the first result at or after start + 182 days is the check', () => {
    const early = history(ENROL_AGE_69, BASELINE, START, vegf(900, '2024-08-30T08:00:00Z'), vegf(1200, '2024-09-02T08:00:00Z'));
    expect(vegfNonResponse(early, NOW).findings.map((f) => f.clinicalTime)).toEqual(['2024-09-02T08:00:00.000Z']);
    const respondedThenRose = history(ENROL_AGE_69, BASELINE, START, vegf(800, '2024-09-02T08:00:00Z'), vegf(1500, '2024-10-02T08:00:00Z'));
    expect(vegfNonResponse(respondedThenRose, NOW).findings).toEqual([]);
  });
});

describe('a later result reaching the required fall', () => {
  it('clears the non-response', () => {
    const state = history(ENROL_AGE_69, BASELINE, START, vegf(1200, '2024-09-02T08:00:00Z'), vegf(1000, '2024-10-02T08:00:00Z'));
    expect(vegfNonResponse(state, NOW).findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-10-02T08:00:00.000Z', clearedBecause: 'VEGF 1000 pg/mL on 2024-10-02' }),
    ]);
  });
});

describe('no usable baseline', () => {
  it.each([
    ['none at all', [] as Command[]],
    ['only one more than 90 days before the start', [vegf(2000, '2023-11-20T08:00:00Z')]],
  ])('%s: no finding', (_case, baseline) => {
    const state = history(ENROL_AGE_69, ...baseline, START, vegf(1900, '2024-09-02T08:00:00Z'));
    expect(vegfNonResponse(state, NOW).findings).toEqual([]);
  });
});

describe('a baseline collected exactly 90 days before the start', () => {
  it('still counts', () => {
    const state = history(ENROL_AGE_69, vegf(2000, '2023-12-03T09:00:00Z'), START, vegf(1900, '2024-09-02T08:00:00Z'));
    expect(vegfNonResponse(state, NOW).findings).toHaveLength(1);
  });
});

describe('no result yet at or after the check day', () => {
  it('finds nothing', () => {
    expect(vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(1900, '2024-08-30T08:00:00Z')), NOW).findings).toEqual([]);
  });
});
