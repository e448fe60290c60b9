import { dexCycleMissed } from './dex-cycle-missed';
import { ENROL_AGE_69, ENROL_JPOST_AGE_69, eventId, history, type Command } from '../test-support/history';

const dex = (givenAt: string, doseMg = 18.7, indication?: 'REGIMEN' | 'SUPPORTIVE'): Command =>
  ({ type: 'RecordDexamethasoneDose', doseMg, givenAt, ...(indication && { indication }) }) as Command;
const end = (endedAt: string): Command => ({ type: 'EndRegimen', endedAt, reason: 'completed' });

// Seed protocol, clinic in Tokyo: 28-day cycle, 3 days grace, counted in clinic days. First dose on
// 2 March (10:00 JST) → cycle 2 due on 30 March, missed once 2 April has ended in Tokyo.
const FIRST = '2024-03-02T10:00:00+09:00';
const DUE = '2024-03-30T01:00:00.000Z'; // 30 March 10:00 JST: 28 days after the first dose
const GRACE_END = '2024-04-02T14:59:59.999Z'; // 2 April 23:59:59.999 JST
const JUST_AFTER_GRACE = '2024-04-02T15:00:00.000Z';

describe('a first dexamethasone cycle with no later dose, before its grace period ends', () => {
  const state = history(ENROL_AGE_69, dex(FIRST));

  it('finds nothing and asks to be woken just after the last clinic day of grace', () => {
    expect(dexCycleMissed(state, '2024-03-31T00:00:00.000Z')).toEqual({ findings: [], deadlines: [JUST_AFTER_GRACE] });
  });

  it('still finds nothing at the last instant of that clinic day', () => {
    expect(dexCycleMissed(state, GRACE_END)).toEqual({ findings: [], deadlines: [JUST_AFTER_GRACE] });
  });
});

describe('a first dexamethasone cycle with no later dose, once its grace period has passed', () => {
  const { findings, deadlines } = dexCycleMissed(history(ENROL_AGE_69, dex(FIRST)), JUST_AFTER_GRACE);

  it('finds an active missed cycle dated 28 days after the first dose, caused by it', () => {
    expect(findings).toEqual([
      {
        rule: 'DEX_CYCLE_MISSED',
        severity: 'warning',
        episodeKey: `due:${DUE}`,
        clinicalTime: DUE,
        summary: 'Dexamethasone cycle 2 due 2024-03-30 not started by 2024-04-02 (28-day cycle + 3 days grace; last cycle 2024-03-02)',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
    expect(deadlines).toEqual([]);
  });

  it('says so in one line under 140 characters', () => {
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('the next cycle on the due date or on the last day of grace', () => {
  it.each(['2024-03-30T10:00:00+09:00', '2024-04-02T23:30:00+09:00'])('given %s: no missed cycle; the new cycle has its own deadline', (givenAt) => {
    const state = history(ENROL_AGE_69, dex(FIRST), dex(givenAt));
    // Cycle 3 is due 28 days after cycle 2's due date (27 April), whatever day cycle 2 started within grace.
    expect(dexCycleMissed(state, '2024-04-05T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-04-30T15:00:00.000Z'] });
  });
});

describe('the next cycle started just after the last clinic day of grace (00:30 JST on 3 April)', () => {
  const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-03T00:30:00+09:00'));

  it('finds the missed cycle, cleared by that dose', () => {
    expect(dexCycleMissed(state, '2024-04-05T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({
        episodeKey: `due:${DUE}`,
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-04-02T15:30:00.000Z',
        clearedBecause: 'dexamethasone given 2024-04-03',
        clearedReason: 'CONDITION_CLEARED',
      }),
    ]);
  });
});

describe('repeated delays within grace (issue 16 item 8)', () => {
  // Each dose 31 days after the last: +3 days, then +6 against the grid anchored on the first dose.
  const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-02T10:00:00+09:00'), dex('2024-05-03T10:00:00+09:00'));

  it('do not drift without end: the third cycle, due 27 April, is missed', () => {
    const { findings } = dexCycleMissed(state, '2024-05-10T00:00:00.000Z');
    expect(findings.map((f) => [f.summary.slice(0, 48), f.active, f.clearedAt])).toEqual([
      ['Dexamethasone cycle 3 due 2024-04-27 not started', false, '2024-05-03T01:00:00.000Z'],
    ]);
  });

  it('re-anchor the grid on a start outside grace, so one delay is flagged once', () => {
    const next = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-02T10:00:00+09:00'), dex('2024-05-03T10:00:00+09:00'), dex('2024-05-31T10:00:00+09:00'));
    expect(dexCycleMissed(next, '2024-06-05T00:00:00.000Z').findings).toHaveLength(1);
  });
});

describe('a cycle skipped entirely', () => {
  it('is one missed cycle; the next dose falls on the grid and starts the cycle after it', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-27T10:00:00+09:00'));
    const { findings } = dexCycleMissed(state, '2024-05-01T00:00:00.000Z');
    expect(findings.map((f) => [f.episodeKey, f.active, f.clearedBecause])).toEqual([[`due:${DUE}`, false, 'dexamethasone given 2024-04-27']]);
  });
});

describe('supportive dexamethasone (issue 16 item 4)', () => {
  it('never counts as a cycle: a transplant patient given it as an antiemetic has no cycle to miss', () => {
    const state = history(ENROL_AGE_69, dex(FIRST, 8, 'SUPPORTIVE'));
    expect(dexCycleMissed(state, '2024-06-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: [] });
  });

  it('does not start the next cycle in place of a regimen dose', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-03-30T10:00:00+09:00', 8, 'SUPPORTIVE'));
    expect(dexCycleMissed(state, JUST_AFTER_GRACE).findings).toEqual([expect.objectContaining({ episodeKey: `due:${DUE}`, active: true })]);
  });
});

describe('a late dose later corrected to a date within grace', () => {
  it('no longer shows a missed cycle', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-10T10:00:00+09:00'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(3),
      reason: 'wrong date typed',
      givenAt: '2024-03-31T10:00:00+09:00',
    });
    expect(dexCycleMissed(state, '2024-04-15T00:00:00.000Z').findings).toEqual([]);
  });
});

describe('a regimen ended before or on the last clinic day of grace', () => {
  it.each(['2024-03-25T10:00:00+09:00', '2024-04-02T23:00:00+09:00'])('ended %s: no finding and no deadline', (endedAt) => {
    const state = history(ENROL_AGE_69, dex(FIRST), end(endedAt));
    expect(dexCycleMissed(state, '2024-06-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a regimen ended after a cycle was already missed', () => {
  it('shows the missed cycle, cleared by the end of the regimen', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), end('2024-04-10T10:00:00+09:00'));
    expect(dexCycleMissed(state, '2024-06-01T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-04-10T01:00:00.000Z',
        clearedBecause: 'regimen ended 2024-04-10',
        clearedReason: 'PATIENT_REGIMEN_ENDED',
      }),
    ]);
  });
});

describe('a history imported at once with one gap closed late and a last cycle overdue', () => {
  const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-06T10:00:00+09:00'), dex('2024-05-04T10:00:00+09:00'));

  it('shows the closed gap and the open one, each at its due date (the late start re-anchors the grid)', () => {
    const { findings } = dexCycleMissed(state, '2024-07-01T00:00:00.000Z');
    expect(findings.map((f) => [f.episodeKey, f.active, f.clearedAt, f.evidence])).toEqual([
      [`due:${DUE}`, false, '2024-04-06T01:00:00.000Z', [eventId(2)]],
      ['due:2024-06-01T01:00:00.000Z', true, undefined, [eventId(4)]],
    ]);
  });
});

describe('J-POST cycles of four daily doses (issue 16 item 8)', () => {
  const days = (from: number) => [0, 1, 2, 3].map((d) => dex(`2024-03-${String(from + d).padStart(2, '0')}T10:00:00+09:00`));

  it('count only each cycle’s first dose: days 2-4 do not start cycles', () => {
    const cycleTwo = ['2024-03-30', '2024-03-31', '2024-04-01', '2024-04-02'].map((d) => dex(`${d}T10:00:00+09:00`));
    const state = history(ENROL_JPOST_AGE_69, ...days(2), ...cycleTwo);
    expect(dexCycleMissed(state, '2024-04-10T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-04-30T15:00:00.000Z'] });
  });

  it('accept a day-4 dose given a day late without starting a new cycle', () => {
    const state = history(ENROL_JPOST_AGE_69, ...days(2).slice(0, 3), dex('2024-03-06T10:00:00+09:00'));
    expect(dexCycleMissed(state, '2024-03-20T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-04-02T15:00:00.000Z'] });
  });

  it('flag missed days 2-4 once the last dosing day (+1) has passed in the clinic', () => {
    const state = history(ENROL_JPOST_AGE_69, days(2)[0]!);
    expect(dexCycleMissed(state, '2024-03-06T14:59:59.999Z')).toEqual({ findings: [], deadlines: ['2024-04-02T15:00:00.000Z', '2024-03-06T15:00:00.000Z'] });
    expect(dexCycleMissed(state, '2024-03-06T15:00:00.000Z').findings).toEqual([
      {
        rule: 'DEX_CYCLE_MISSED',
        severity: 'warning',
        episodeKey: 'days:2024-03-02T01:00:00.000Z',
        clinicalTime: '2024-03-03T01:00:00.000Z',
        summary: 'Dexamethasone cycle 1 from 2024-03-02: 1 of 4 dosing days given (day 2, 3, 4 missing by 2024-03-06)',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
  });

  it('stay silent on missed days when the regimen ended before the cycle’s last dosing day', () => {
    const state = history(ENROL_JPOST_AGE_69, days(2)[0]!, end('2024-03-03T10:00:00+09:00'));
    expect(dexCycleMissed(state, '2024-06-01T00:00:00.000Z').findings).toEqual([]);
  });
});
