import { assessmentSchedule, nextDueAssessments, pickInWindow, type ScheduleInputs } from './assessment-schedule';
import { SEED_PROTOCOL } from './seed-protocol';

// Thalidomide from 1 January 2025 00:00 (a clinic on UTC): VEGF every 28 days (±14 clinic days) to day 168, then every 84 (±42).
const THALIDOMIDE: ScheduleInputs = { arm: 'THALIDOMIDE_DEXAMETHASONE', zone: 'UTC', treatmentStart: { id: 'start', at: '2025-01-01T00:00:00.000Z' }, aphereses: [], results: {} };
const withVegf = (...at: string[]): ScheduleInputs => ({ ...THALIDOMIDE, results: { VEGF: at.map((t, i) => ({ id: `v${i}`, at: t })) } });
const vegfDue = (inputs: ScheduleInputs, now: string) => assessmentSchedule(SEED_PROTOCOL, inputs, now).filter((d) => d.kind === 'VEGF');

describe('the VEGF schedule of a thalidomide patient, judged on day 60', () => {
  const due = vegfDue(withVegf('2025-01-29T00:00:00.000Z'), '2025-03-02T00:00:00.000Z');

  it('lists each due day with its window and status, up to the next one', () => {
    expect(due.map((d) => [d.day, d.dueDate, d.opensAt, d.closesAt, d.status, d.result?.id])).toEqual([
      [28, '2025-01-29', '2025-01-15T00:00:00.000Z', '2025-02-12T23:59:59.999Z', 'DONE', 'v0'],
      [56, '2025-02-26', '2025-02-12T00:00:00.000Z', '2025-03-12T23:59:59.999Z', 'OPEN', undefined],
      [84, '2025-03-26', '2025-03-12T00:00:00.000Z', '2025-04-09T23:59:59.999Z', 'UPCOMING', undefined],
      [112, '2025-04-23', '2025-04-09T00:00:00.000Z', '2025-05-07T23:59:59.999Z', 'UPCOMING', undefined],
      [140, '2025-05-21', '2025-05-07T00:00:00.000Z', '2025-06-04T23:59:59.999Z', 'UPCOMING', undefined],
      [168, '2025-06-18', '2025-06-04T00:00:00.000Z', '2025-07-02T23:59:59.999Z', 'UPCOMING', undefined],
      [252, '2025-09-10', '2025-07-30T00:00:00.000Z', '2025-10-22T23:59:59.999Z', 'UPCOMING', undefined],
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

describe('the window edges (day 28 ± 14 whole clinic days, inclusive)', () => {
  it.each([
    ['on its first moment', '2025-01-15T00:00:00.000Z', 'DONE'],
    ['a minute before', '2025-01-14T23:59:00.000Z', 'OVERDUE'],
    ['on its last moment', '2025-02-12T23:59:59.999Z', 'DONE'],
    ['a minute after', '2025-02-13T00:00:00.000Z', 'DONE_LATE'],
  ])('a result %s (%s): %s', (_edge, at, status) => {
    expect(vegfDue(withVegf(at), '2025-02-20T00:00:00.000Z')[0]?.status).toBe(status);
  });

  it('is not overdue until the window has closed', () => {
    expect(vegfDue(withVegf(), '2025-02-12T23:59:59.999Z')[0]?.status).toBe('OPEN');
    expect(vegfDue(withVegf(), '2025-02-13T00:00:00.000Z')[0]?.status).toBe('OVERDUE');
  });
});

// Issue 16 item 9: the window's days are the clinic's. In Tokyo, thalidomide from 1 January 00:30 JST (31 December in UTC).
describe('a window on a clinic calendar ahead of UTC', () => {
  const tokyo: ScheduleInputs = { ...THALIDOMIDE, zone: 'Asia/Tokyo', treatmentStart: { id: 'start', at: '2024-12-31T15:30:00.000Z' } };
  const at = (...times: string[]): ScheduleInputs => ({ ...tokyo, results: { VEGF: times.map((t, i) => ({ id: `v${i}`, at: t })) } });

  it('is due on 29 January in Tokyo and runs from 15 January 00:00 to 12 February 23:59:59.999 JST', () => {
    expect(vegfDue(tokyo, '2025-01-20T00:00:00.000Z')[0]).toMatchObject({
      dueDate: '2025-01-29',
      dueAt: '2025-01-28T15:30:00.000Z',
      opensAt: '2025-01-14T15:00:00.000Z',
      closesAt: '2025-02-12T14:59:59.999Z',
      closesOn: '2025-02-12',
      closesOnAt: '2025-02-11T15:30:00.000Z',
    });
  });

  it.each([
    ['at 08:00 JST on its first day', '2025-01-14T23:00:00.000Z', 'DONE'],
    ['at 20:00 JST on its last day', '2025-02-12T11:00:00.000Z', 'DONE'],
    ['at 00:30 JST the day after', '2025-02-12T15:30:00.000Z', 'DONE_LATE'],
  ])('takes a result %s (%s): %s', (_edge, time, status) => {
    expect(vegfDue(at(time), '2025-03-01T00:00:00.000Z')[0]?.status).toBe(status);
  });
});

// The thalidomide arm's visits are its dexamethasone cycles (anchored on the regimen's first dose, re-anchored after a start outside the grace days).
describe('a thalidomide schedule whose cycles were re-anchored by two late starts', () => {
  // Cycles from 1 January: cycle 2 due 29 January started 8 February (10 days late), cycle 3 due 8 March started 18 March.
  const cycles = [
    { dueDate: '2025-01-01', anchorDate: '2025-01-01' },
    { dueDate: '2025-01-29', anchorDate: '2025-02-08' },
    { dueDate: '2025-03-08', anchorDate: '2025-03-18' },
    { dueDate: '2025-04-15', anchorDate: '2025-04-15' },
  ];
  const visits = withVegf('2025-02-08T00:00:00.000Z', '2025-03-18T00:00:00.000Z', '2025-04-15T00:00:00.000Z');

  it('moves each later due day with the grid, so that the samples of every visit count', () => {
    const due = vegfDue({ ...visits, cycles }, '2025-05-01T00:00:00.000Z').filter((d) => d.day <= 84);
    expect(due.map((d) => [d.day, d.dueDate, d.status, d.result?.id])).toEqual([
      [28, '2025-01-29', 'DONE', 'v0'],
      [56, '2025-03-08', 'DONE', 'v1'],
      [84, '2025-04-15', 'DONE', 'v2'],
    ]);
  });

  it('keeps the late visit’s own due day: a start later than its window makes that assessment late', () => {
    const late = [cycles[0]!, { dueDate: '2025-01-29', anchorDate: '2025-02-14' }];
    const due = vegfDue({ ...withVegf('2025-02-14T00:00:00.000Z', '2025-03-14T00:00:00.000Z'), cycles: late }, '2025-04-01T00:00:00.000Z');
    expect(due.slice(0, 2).map((d) => [d.day, d.dueDate, d.status])).toEqual([
      [28, '2025-01-29', 'DONE_LATE'],
      [56, '2025-03-14', 'DONE'],
    ]);
  });

  it('without the cycles, counts from the first dose alone and calls the samples late', () => {
    expect(vegfDue(visits, '2025-05-01T00:00:00.000Z').filter((d) => d.day <= 84).map((d) => d.status)).toEqual(['DONE', 'DONE_LATE', 'DONE']);
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
      zone: 'UTC',
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
