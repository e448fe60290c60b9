import { assessmentSchedule, nextDueAssessments, pickInWindow, type ScheduleInputs } from './assessment-schedule';
import { SEED_PROTOCOL } from './seed-protocol';

// Thalidomide from 1 January 2025 00:00: VEGF every 28 days (±14) to day 168, then every 84 (±42).
const THALIDOMIDE: ScheduleInputs = { arm: 'THALIDOMIDE_DEXAMETHASONE', treatmentStart: { id: 'start', at: '2025-01-01T00:00:00.000Z' }, aphereses: [], results: {} };
const withVegf = (...at: string[]): ScheduleInputs => ({ ...THALIDOMIDE, results: { VEGF: at.map((t, i) => ({ id: `v${i}`, at: t })) } });
const vegfDue = (inputs: ScheduleInputs, now: string) => assessmentSchedule(SEED_PROTOCOL, inputs, now).filter((d) => d.kind === 'VEGF');

describe('the VEGF schedule of a thalidomide patient, judged on day 60', () => {
  const due = vegfDue(withVegf('2025-01-29T00:00:00.000Z'), '2025-03-02T00:00:00.000Z');

  it('lists each due day with its window and status, up to the next one', () => {
    expect(due.map((d) => [d.day, d.opensAt, d.closesAt, d.status, d.result?.id])).toEqual([
      [28, '2025-01-15T00:00:00.000Z', '2025-02-12T00:00:00.000Z', 'DONE', 'v0'],
      [56, '2025-02-12T00:00:00.000Z', '2025-03-12T00:00:00.000Z', 'OPEN', undefined],
      [84, '2025-03-12T00:00:00.000Z', '2025-04-09T00:00:00.000Z', 'UPCOMING', undefined],
      [112, '2025-04-09T00:00:00.000Z', '2025-05-07T00:00:00.000Z', 'UPCOMING', undefined],
      [140, '2025-05-07T00:00:00.000Z', '2025-06-04T00:00:00.000Z', 'UPCOMING', undefined],
      [168, '2025-06-04T00:00:00.000Z', '2025-07-02T00:00:00.000Z', 'UPCOMING', undefined],
      [252, '2025-07-30T00:00:00.000Z', '2025-10-22T00:00:00.000Z', 'UPCOMING', undefined],
    ]);
  });

  it('names the next due assessment of each kind', () => {
    expect(nextDueAssessments(assessmentSchedule(SEED_PROTOCOL, THALIDOMIDE, '2025-03-02T00:00:00.000Z')).map((d) => [d.kind, d.day])).toEqual([
      ['VEGF', 56],
      ['M_PROTEIN_IFE', 84],
      ['CT_EFFUSION', 168],
      ['NERVE_CONDUCTION', 168],
      ['ONLS', 168],
    ]);
  });
});

describe('the window edges (day 28 ± 14, inclusive)', () => {
  it.each([
    ['on its first moment', '2025-01-15T00:00:00.000Z', 'DONE'],
    ['a minute before', '2025-01-14T23:59:00.000Z', 'OVERDUE'],
    ['on its last moment', '2025-02-12T00:00:00.000Z', 'DONE'],
    ['a minute after', '2025-02-12T00:01:00.000Z', 'DONE_LATE'],
  ])('a result %s (%s): %s', (_edge, at, status) => {
    expect(vegfDue(withVegf(at), '2025-02-20T00:00:00.000Z')[0]?.status).toBe(status);
  });

  it('is not overdue until the window has closed', () => {
    expect(vegfDue(withVegf(), '2025-02-12T00:00:00.000Z')[0]?.status).toBe('OPEN');
    expect(vegfDue(withVegf(), '2025-02-12T00:00:00.001Z')[0]?.status).toBe('OVERDUE');
  });
});

describe('picking the result of a window', () => {
  const results = [
    { id: 'a', at: '2025-01-20T00:00:00.000Z' },
    { id: 'b', at: '2025-01-27T00:00:00.000Z' },
    { id: 'c', at: '2025-02-02T00:00:00.000Z' },
  ];
  it('takes the closest to the target by default (ties: the later), or the first, or the last', () => {
    const args = ['2025-01-29T12:00:00.000Z', '2025-01-15T00:00:00.000Z', '2025-02-12T00:00:00.000Z'] as const;
    expect(pickInWindow(results, ...args, 'CLOSEST')?.id).toBe('b');
    expect(pickInWindow(results, '2025-01-30T12:00:00.000Z', args[1], args[2], 'CLOSEST')?.id).toBe('c');
    expect(pickInWindow(results, ...args, 'FIRST')?.id).toBe('a');
    expect(pickInWindow(results, ...args, 'LAST')?.id).toBe('c');
  });
});

describe('the CD34+ yield of each apheresis (Auto-PBSCT)', () => {
  it('is due at the apheresis, within a day, from the apheresis itself', () => {
    const inputs: ScheduleInputs = {
      arm: 'AUTO_PBSCT',
      aphereses: [
        { id: 'a1', at: '2025-03-01T09:00:00.000Z', yieldKnownAt: '2025-03-01T09:00:00.000Z' },
        { id: 'a2', at: '2025-03-02T09:00:00.000Z' },
      ],
      results: {},
    };
    expect(assessmentSchedule(SEED_PROTOCOL, inputs, '2025-03-10T00:00:00.000Z').map((d) => [d.kind, d.anchorId, d.status])).toEqual([
      ['CD34_YIELD', 'a1', 'DONE'],
      ['CD34_YIELD', 'a2', 'OVERDUE'],
    ]);
  });
});

describe('a patient whose treatment has not started', () => {
  it('has nothing due after the start', () => {
    expect(assessmentSchedule(SEED_PROTOCOL, { ...THALIDOMIDE, treatmentStart: undefined }, '2026-01-01T00:00:00.000Z')).toEqual([]);
  });
});
