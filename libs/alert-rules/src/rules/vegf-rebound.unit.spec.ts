import { vegfRebound, vegfReboundSuspected } from './vegf-rebound';
import { ENROL_AGE_69, eventId, history, platelets, vegf, type Command } from '../test-support/history';

const NOW = '2025-01-01T00:00:00.000Z';
const START: Command = { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' };
const both = (...commands: Command[]) => {
  const state = history(ENROL_AGE_69, START, ...commands);
  return { suspected: vegfReboundSuspected(state, NOW).findings, confirmed: vegfRebound(state, NOW).findings };
};

// Issue 16 item 7: one value over the line was a "rebound" (warning) at once, with no platelet context.
describe('one VEGF above the limit after a normal one on treatment', () => {
  // 3 normal 420, 4 platelets, 5 high 900
  const { suspected, confirmed } = both(vegf(420, '2024-06-01T08:00:00Z'), platelets(480, '2024-09-02T08:00:00Z'), vegf(900, '2024-09-01T08:00:00Z'));

  it('is a suspicion (info) with the platelet count beside it, and no rebound yet', () => {
    expect(suspected).toEqual([
      {
        rule: 'VEGF_REBOUND_SUSPECTED',
        severity: 'info',
        episodeKey: eventId(5),
        clinicalTime: '2024-09-01T08:00:00.000Z',
        summary: 'VEGF 900 on 2024-09-01 ≥ limit 600 after normal 420 on 2024-06-01; platelets 480×10³/µL: repeat within 42 d',
        evidence: [eventId(3), eventId(5)],
        active: true,
      },
    ]);
    expect(suspected[0]!.summary.length).toBeLessThan(140);
    expect(confirmed).toEqual([]);
  });
});

describe('a repeat within 42 days also above the limit', () => {
  const { suspected, confirmed } = both(vegf(420, '2024-06-01T08:00:00Z'), vegf(900, '2024-09-01T08:00:00Z'), vegf(750, '2024-10-13T08:00:00Z'));

  it('confirms the rebound (warning) at the repeat, keyed by the first value; the suspicion clears', () => {
    expect(confirmed).toEqual([
      {
        rule: 'VEGF_REBOUND',
        severity: 'warning',
        episodeKey: eventId(4),
        clinicalTime: '2024-10-13T08:00:00.000Z',
        summary: 'VEGF 750 on 2024-10-13 confirms 900 on 2024-09-01 (above limit); no platelets ±3 d: possible relapse',
        evidence: [eventId(3), eventId(4), eventId(5)],
        active: true,
      },
    ]);
    expect(suspected).toEqual([expect.objectContaining({ active: false, clearedAt: '2024-10-13T08:00:00.000Z', clearedBecause: 'confirmed by VEGF 750 pg/mL on 2024-10-13' })]);
  });
});

describe('the confirmation window (42 clinic days, inclusive; the clinic is in Tokyo)', () => {
  it.each([
    ['day 42', '2024-10-13T08:00:00Z', 1],
    ['day 42 at 23:59 JST', '2024-10-13T14:59:00Z', 1],
    ['day 43 at 00:00 JST', '2024-10-13T15:00:00Z', 0],
  ])('a repeat on %s confirms: %s', (_when, at, count) => {
    expect(both(vegf(420, '2024-06-01T08:00:00Z'), vegf(900, '2024-09-01T08:00:00Z'), vegf(750, at)).confirmed).toHaveLength(count);
  });

  it('a late repeat is a new suspicion', () => {
    const { suspected } = both(vegf(420, '2024-06-01T08:00:00Z'), vegf(900, '2024-09-01T08:00:00Z'), vegf(750, '2024-11-01T08:00:00Z'));
    expect(suspected.map((f) => [f.episodeKey, f.active, f.clearedBecause])).toEqual([
      [eventId(4), false, 'repeat on 2024-11-01 came after 42 days'],
      [eventId(5), true, undefined],
    ]);
  });
});

describe('a normal repeat', () => {
  it('clears the suspicion unconfirmed', () => {
    const { suspected, confirmed } = both(vegf(420, '2024-06-01T08:00:00Z'), vegf(900, '2024-09-01T08:00:00Z'), vegf(500, '2024-09-20T08:00:00Z'));
    expect(suspected).toEqual([expect.objectContaining({ active: false, clearedBecause: 'not confirmed: VEGF 500 pg/mL on 2024-09-20' })]);
    expect(confirmed).toEqual([]);
  });
});

// Issue 16 item 7: a rise that never normalised was silent.
describe('3000 → 900 → 2600 → 2400 on treatment, never normal', () => {
  const { suspected, confirmed } = both(vegf(3000, '2024-04-01T08:00:00Z'), vegf(900, '2024-06-01T08:00:00Z'), vegf(2600, '2024-07-01T08:00:00Z'), vegf(2400, '2024-07-20T08:00:00Z'));

  it('is suspicious at 2600 (50% above the nadir 900) and confirmed by 2400', () => {
    expect(suspected[0]?.summary).toBe('VEGF 2600 on 2024-07-01 189% above nadir 900 on 2024-06-01; no platelets ±3 d: repeat within 42 d');
    expect(confirmed.map((f) => [f.episodeKey, f.clinicalTime, f.active])).toEqual([[eventId(5), '2024-07-20T08:00:00.000Z', true]]);
  });

  it('a rise below 50% of the nadir is not suspicious', () => {
    expect(both(vegf(3000, '2024-04-01T08:00:00Z'), vegf(900, '2024-06-01T08:00:00Z'), vegf(1340, '2024-07-01T08:00:00Z')).suspected).toEqual([]);
  });
});

describe('a rise within the normal range', () => {
  it('is not suspicious', () => {
    expect(both(vegf(100, '2024-06-01T08:00:00Z'), vegf(300, '2024-07-01T08:00:00Z')).suspected).toEqual([]);
  });
});

describe('a switch from serum RIA to plasma ELISA (issue 16 item 3)', () => {
  it('is never a rise: each series is judged on its own', () => {
    const state = both(vegf(420, '2024-06-01T08:00:00Z'), vegf(60, '2024-07-01T08:00:00Z', 'plasma', 'ELISA'), vegf(500, '2024-08-01T08:00:00Z'), vegf(70, '2024-09-01T08:00:00Z', 'plasma', 'ELISA'));
    expect(state.suspected).toEqual([]);
  });

  it('a series whose limit is unknown is judged by its rise from its own nadir only', () => {
    const state = both(vegf(800, '2024-06-01T08:00:00Z', 'plasma', 'ELISA'), vegf(200, '2024-07-01T08:00:00Z', 'plasma', 'ELISA'), vegf(320, '2024-08-01T08:00:00Z', 'plasma', 'ELISA'));
    expect(state.suspected.map((f) => f.summary)).toEqual(['VEGF 320 on 2024-08-01 60% above nadir 200 on 2024-07-01; no platelets ±3 d: repeat within 42 d']);
  });
});

describe('results of an assay with its own upper limit (serum ELISA, 1000 pg/mL)', () => {
  const elisa = (value: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'VEGF', value, unit: 'pg/mL', collectedAt, specimen: 'serum', method: 'ELISA', upperLimitOfNormal: 1000 });

  it('are judged against their own limit, not 600', () => {
    expect(both(elisa(500, '2024-06-01T08:00:00Z'), elisa(800, '2024-07-01T08:00:00Z')).suspected).toEqual([]);
    expect(both(elisa(500, '2024-06-01T08:00:00Z'), elisa(1000, '2024-07-01T08:00:00Z')).suspected).toHaveLength(1);
  });
});

describe('a confirmed rebound that settles and comes back', () => {
  it('clears at the next normal value and re-arms', () => {
    const { confirmed } = both(vegf(400, '2024-05-01T08:00:00Z'), vegf(800, '2024-06-01T08:00:00Z'), vegf(1200, '2024-07-01T08:00:00Z'), vegf(450, '2024-08-01T08:00:00Z'), vegf(700, '2024-09-01T08:00:00Z'), vegf(650, '2024-09-15T08:00:00Z'));
    expect(confirmed.map((f) => [f.episodeKey, f.active, f.clearedBecause])).toEqual([
      [eventId(4), false, 'VEGF 450 pg/mL on 2024-08-01'],
      [eventId(7), true, undefined],
    ]);
  });
});

describe('a patient not yet treated', () => {
  it('finds nothing, whatever the VEGF', () => {
    const state = history(ENROL_AGE_69, vegf(400, '2024-02-01T08:00:00Z'), vegf(2000, '2024-02-20T08:00:00Z'));
    expect(vegfRebound(state, NOW)).toEqual({ findings: [], deadlines: [] });
    expect(vegfReboundSuspected(state, NOW)).toEqual({ findings: [], deadlines: [] });
  });
});
