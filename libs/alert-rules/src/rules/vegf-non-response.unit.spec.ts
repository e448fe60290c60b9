import { vegfNonResponse } from './vegf-non-response';
import { ENROL_AGE_69, eventId, history, INFUSED_20_APRIL, vegf, type Command } from '../test-support/history';

const NOW = '2025-03-01T00:00:00.000Z';
// Thalidomide from 2 March 09:00 UTC (18:00 in Tokyo, the clinic): the check is day 182, 31 August, window ±28 clinic days
// (3 August 00:00 JST = 2 August 15:00 UTC, to the end of 28 September JST = 14:59:59.999 UTC), closest result.
const START: Command = { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' };
const BASELINE = vegf(2000, '2024-02-20T08:00:00Z');

// Issue 12's literal case: drawn two days before day 182 with only a 25% fall, it raised nothing
// (the old rule took the first result from day 182 on, and there was none).
describe('a six-month VEGF drawn two days before day 182, fallen only 25%', () => {
  const { findings } = vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(1500, '2024-08-29T08:00:00Z')), NOW);

  it('is the check: a non-response at that result', () => {
    expect(findings).toEqual([
      {
        rule: 'VEGF_NON_RESPONSE',
        severity: 'warning',
        episodeKey: 'six-month-check',
        clinicalTime: '2024-08-29T08:00:00.000Z',
        summary: 'VEGF 1500 pg/mL on 2024-08-29 fell 25% from baseline 2000: response needs ≤ 1000 (−50%) or < 600',
        evidence: [eventId(2), eventId(4)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('the window (day 182 ± 28 clinic days, inclusive)', () => {
  it.each([
    ['on its first moment', '2024-08-02T15:00:00Z', 1],
    ['a minute before it', '2024-08-02T14:59:00Z', 0],
    ['on its last moment', '2024-09-28T14:59:59.999Z', 1],
    ['a millisecond after it', '2024-09-28T15:00:00Z', 0],
  ])('a lone result %s (%s) gives %s finding(s)', (_edge, at, count) => {
    expect(vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(1500, at)), NOW).findings).toHaveLength(count);
  });
});

describe('several results in the window', () => {
  it('judges the one closest to day 182', () => {
    const state = history(ENROL_AGE_69, BASELINE, START, vegf(900, '2024-08-10T08:00:00Z'), vegf(1500, '2024-08-30T08:00:00Z'), vegf(800, '2024-09-20T08:00:00Z'));
    expect(vegfNonResponse(state, NOW).findings.map((f) => [f.clinicalTime, f.active, f.clearedAt])).toEqual([
      ['2024-08-30T08:00:00.000Z', false, '2024-09-20T08:00:00.000Z'],
    ]);
  });
});

describe('while the window is open', () => {
  it('waits for its close when only results before day 182 are in, then decides', () => {
    const state = history(ENROL_AGE_69, BASELINE, START, vegf(1500, '2024-08-20T08:00:00Z'));
    expect(vegfNonResponse(state, '2024-08-25T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-09-28T15:00:00.000Z'] });
    expect(vegfNonResponse(state, '2024-09-28T15:00:00.000Z').findings).toHaveLength(1);
  });

  it('decides at once on a result from day 182 on (none later can be closer)', () => {
    const state = history(ENROL_AGE_69, BASELINE, START, vegf(1500, '2024-08-31T10:00:00Z'));
    expect(vegfNonResponse(state, '2024-09-01T00:00:00.000Z').findings).toHaveLength(1);
  });
});

// Issue 16 item 6: normalisation is a complete response, whatever the fall.
describe('a VEGF that normalised with less than a 50% fall (900 → 550)', () => {
  it('is a complete response: no finding', () => {
    const state = history(ENROL_AGE_69, vegf(900, '2024-02-20T08:00:00Z'), START, vegf(550, '2024-09-02T08:00:00Z'));
    expect(vegfNonResponse(state, NOW).findings).toEqual([]);
  });
});

describe('a fall of exactly 50%', () => {
  it('is a partial response: no finding', () => {
    expect(vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(1000, '2024-09-02T08:00:00Z')), NOW).findings).toEqual([]);
  });
});

describe('a VEGF that rose by the check', () => {
  it('says it rose', () => {
    const { findings } = vegfNonResponse(history(ENROL_AGE_69, BASELINE, START, vegf(2500, '2024-09-02T08:00:00Z')), NOW);
    expect(findings[0]?.summary).toBe('VEGF 2500 pg/mL on 2024-09-02 rose 25% from baseline 2000: response needs ≤ 1000 (−50%) or < 600');
  });
});

// Issue 16 item 3: a switch from serum RIA to plasma ELISA read as an 80% fall.
describe('a baseline by serum RIA and a six-month sample by plasma ELISA', () => {
  it('is not compared across assays: no check in the baseline’s series, no finding', () => {
    const state = history(ENROL_AGE_69, BASELINE, START, vegf(400, '2024-08-31T08:00:00Z', 'plasma', 'ELISA'));
    expect(vegfNonResponse(state, NOW).findings).toEqual([]);
    const alsoRia = history(ENROL_AGE_69, BASELINE, START, vegf(400, '2024-08-31T08:00:00Z', 'plasma', 'ELISA'), vegf(1500, '2024-09-01T08:00:00Z'));
    expect(vegfNonResponse(alsoRia, NOW).findings.map((f) => f.evidence)).toEqual([[eventId(2), eventId(5)]]);
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

  it('a baseline collected exactly 90 days before the start still counts', () => {
    const state = history(ENROL_AGE_69, vegf(2000, '2023-12-03T09:00:00Z'), START, vegf(1900, '2024-09-02T08:00:00Z'));
    expect(vegfNonResponse(state, NOW).findings).toHaveLength(1);
  });
});

// Issue 16 item 6: for a transplant the baseline is the diagnostic sample, before mobilisation.
describe('an Auto-PBSCT patient (mobilised 5 March, infused 20 April)', () => {
  // 6 diagnostic 4000 (before mobilisation), 7 pre-conditioning 1800, 8 day +182 (19 October) 1700.
  const state = history(...INFUSED_20_APRIL, vegf(4000, '2024-03-01T08:00:00Z'), vegf(1800, '2024-04-17T08:00:00Z'), vegf(1700, '2024-10-19T08:00:00Z'));

  it('judges the six-month sample against the diagnostic sample: a 57.5% fall is a response', () => {
    expect(vegfNonResponse(state, NOW).findings).toEqual([]);
  });

  it('and a sample fallen less than half from it is a non-response', () => {
    const poor = history(...INFUSED_20_APRIL, vegf(4000, '2024-03-01T08:00:00Z'), vegf(1800, '2024-04-17T08:00:00Z'), vegf(2100, '2024-10-19T08:00:00Z'));
    expect(vegfNonResponse(poor, NOW).findings.map((f) => f.evidence)).toEqual([[eventId(6), eventId(8)]]);
  });
});
