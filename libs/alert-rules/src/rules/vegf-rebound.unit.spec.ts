import { vegfRebound } from './vegf-rebound';
import { ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';

const NOW = '2025-01-01T00:00:00.000Z';
const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
/** Serum RIA: the protocol's upper limit of normal, 600 pg/mL. */
const vegf = (value: number, collectedAt: string): Command => ({
  type: 'RecordLabResult',
  test: 'VEGF',
  value,
  unit: 'pg/mL',
  collectedAt,
  specimen: 'serum',
  method: 'RIA',
});
const START = thalidomide(100, '2024-03-02T09:00:00Z');

describe('VEGF normal on treatment, then above the upper limit', () => {
  // 1 enrol, 2 baseline, 3 start, 4 normal, 5 high
  const state = history(ENROL_AGE_69, vegf(2400, '2024-02-20T08:00:00Z'), START, vegf(420, '2024-06-01T08:00:00Z'), vegf(900, '2024-09-01T08:00:00Z'));
  const { findings } = vegfRebound(state, NOW);

  it('opens an active episode at the high result, caused by the normal and the high result', () => {
    expect(findings).toEqual([
      {
        rule: 'VEGF_REBOUND',
        severity: 'warning',
        episodeKey: eventId(5),
        clinicalTime: '2024-09-01T08:00:00.000Z',
        summary: 'VEGF 900 pg/mL on 2024-09-01 ≥ upper limit 600 after normal 420 on 2024-06-01: possible relapse',
        evidence: [eventId(4), eventId(5)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('VEGF high before treatment and still high on treatment, never normal on treatment', () => {
  it('finds nothing: the rule needs a normal result on treatment first', () => {
    const state = history(ENROL_AGE_69, vegf(400, '2024-02-20T08:00:00Z'), START, vegf(2000, '2024-06-01T08:00:00Z'));
    expect(vegfRebound(state, NOW).findings).toEqual([]);
  });
});

describe('a result exactly at the upper limit after a normal one', () => {
  it('is a rebound (≥ the limit)', () => {
    const state = history(ENROL_AGE_69, START, vegf(599, '2024-06-01T08:00:00Z'), vegf(600, '2024-07-01T08:00:00Z'));
    expect(vegfRebound(state, NOW).findings.map((f) => f.episodeKey)).toEqual([eventId(4)]);
  });

  it('one below the limit is still normal', () => {
    const state = history(ENROL_AGE_69, START, vegf(500, '2024-06-01T08:00:00Z'), vegf(599, '2024-07-01T08:00:00Z'));
    expect(vegfRebound(state, NOW).findings).toEqual([]);
  });
});

describe('a rebound that settles and then comes back', () => {
  // 3 normal, 4 high (episode 1), 5 higher (same episode), 6 normal (clears), 7 high (episode 2)
  const state = history(
    ENROL_AGE_69,
    START,
    vegf(400, '2024-05-01T08:00:00Z'),
    vegf(800, '2024-06-01T08:00:00Z'),
    vegf(1200, '2024-07-01T08:00:00Z'),
    vegf(450, '2024-08-01T08:00:00Z'),
    vegf(700, '2024-09-01T08:00:00Z'),
  );

  it('gives one finding per episode: the first cleared by the normal result, the second active', () => {
    expect(vegfRebound(state, NOW).findings.map((f) => [f.episodeKey, f.clinicalTime, f.active, f.clearedAt, f.clearedBecause])).toEqual([
      [eventId(4), '2024-06-01T08:00:00.000Z', false, '2024-08-01T08:00:00.000Z', 'VEGF 450 pg/mL on 2024-08-01, below 600'],
      [eventId(7), '2024-09-01T08:00:00.000Z', true, undefined, undefined],
    ]);
  });
});

describe('results of an assay with its own upper limit (serum ELISA, 1000 pg/mL)', () => {
  const elisa = (value: number, collectedAt: string): Command => ({
    type: 'RecordLabResult',
    test: 'VEGF',
    value,
    unit: 'pg/mL',
    collectedAt,
    specimen: 'serum',
    method: 'ELISA',
    upperLimitOfNormal: 1000,
  });

  it('are judged against their own limit, not 600', () => {
    const below = history(ENROL_AGE_69, START, elisa(500, '2024-06-01T08:00:00Z'), elisa(800, '2024-07-01T08:00:00Z'));
    const at = history(ENROL_AGE_69, START, elisa(500, '2024-06-01T08:00:00Z'), elisa(1000, '2024-07-01T08:00:00Z'));
    expect(vegfRebound(below, NOW).findings).toEqual([]);
    expect(vegfRebound(at, NOW).findings).toHaveLength(1);
  });
});

describe('a rebound result corrected by the laboratory to a normal value', () => {
  it('no longer shows a rebound', () => {
    const state = history(ENROL_AGE_69, START, vegf(400, '2024-06-01T08:00:00Z'), vegf(6000, '2024-07-01T08:00:00Z'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(4),
      reason: 'transcription error',
      value: 500,
    });
    expect(vegfRebound(state, NOW).findings).toEqual([]);
  });
});

describe('a patient not yet treated', () => {
  it('finds nothing, whatever the VEGF', () => {
    const state = history(ENROL_AGE_69, vegf(400, '2024-02-01T08:00:00Z'), vegf(2000, '2024-02-20T08:00:00Z'));
    expect(vegfRebound(state, NOW)).toEqual({ findings: [], deadlines: [] });
  });
});
