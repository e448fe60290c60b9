import { dexCycleMissed } from './dex-cycle-missed';
import { ENROL_AGE_69, ENROL_JPOST_AGE_69, eventId, history, type Command } from '../test-support/history';

const dex = (givenAt: string, doseMg = 18.7): Command => ({ type: 'RecordDexamethasoneDose', doseMg, givenAt });
const end = (endedAt: string): Command => ({ type: 'EndRegimen', endedAt, reason: 'completed' });

// Seed protocol: 28-day cycle, 3 days grace. First dose 2 March 09:00 → due 30 March 09:00, grace ends 2 April 09:00.
const FIRST = '2024-03-02T09:00:00Z';
const DUE = '2024-03-30T09:00:00.000Z';
const GRACE_END = '2024-04-02T09:00:00.000Z';
const JUST_AFTER_GRACE = '2024-04-02T09:00:00.001Z';

describe('a first dexamethasone cycle with no later dose, before its grace period ends', () => {
  const state = history(ENROL_AGE_69, dex(FIRST));

  it('finds nothing and asks to be woken just after due + grace', () => {
    expect(dexCycleMissed(state, '2024-03-31T00:00:00.000Z')).toEqual({ findings: [], deadlines: [JUST_AFTER_GRACE] });
  });

  it('still finds nothing exactly at due + grace', () => {
    expect(dexCycleMissed(state, GRACE_END)).toEqual({ findings: [], deadlines: [JUST_AFTER_GRACE] });
  });
});

describe('a first dexamethasone cycle with no later dose, once its grace period has passed', () => {
  const { findings, deadlines } = dexCycleMissed(history(ENROL_AGE_69, dex(FIRST)), JUST_AFTER_GRACE);

  it('finds an active missed cycle dated at the due date, caused by the previous first dose', () => {
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

describe('the next cycle started on day 29 (the due date, within grace)', () => {
  const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-03-30T09:00:00Z'));

  it('finds no missed cycle; the new cycle has its own deadline', () => {
    expect(dexCycleMissed(state, '2024-04-05T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-04-30T09:00:00.001Z'] });
  });
});

describe('the next cycle started exactly at due + grace', () => {
  it('is on time: no finding', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-02T09:00:00Z'));
    expect(dexCycleMissed(state, '2024-04-05T00:00:00.000Z').findings).toEqual([]);
  });
});

describe('the next cycle started one hour after due + grace', () => {
  const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-02T10:00:00Z'));

  it('finds the missed cycle, cleared by that dose', () => {
    expect(dexCycleMissed(state, '2024-04-05T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({
        episodeKey: `due:${DUE}`,
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-04-02T10:00:00.000Z',
        clearedBecause: 'dexamethasone given 2024-04-02',
        clearedReason: 'CONDITION_CLEARED',
      }),
    ]);
  });
});

describe('a late dose later corrected to a date within grace', () => {
  it('no longer shows a missed cycle', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-10T09:00:00Z'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(3),
      reason: 'wrong date typed',
      givenAt: '2024-03-31T09:00:00Z',
    });
    expect(dexCycleMissed(state, '2024-04-15T00:00:00.000Z').findings).toEqual([]);
  });
});

describe('a regimen ended before or at due + grace', () => {
  it.each(['2024-03-25T09:00:00Z', '2024-04-02T09:00:00Z'])('ended %s: no finding and no deadline', (endedAt) => {
    const state = history(ENROL_AGE_69, dex(FIRST), end(endedAt));
    expect(dexCycleMissed(state, '2024-06-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a regimen ended after a cycle was already missed', () => {
  it('shows the missed cycle, cleared by the end of the regimen', () => {
    const state = history(ENROL_AGE_69, dex(FIRST), end('2024-04-10T09:00:00Z'));
    expect(dexCycleMissed(state, '2024-06-01T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-04-10T09:00:00.000Z',
        clearedBecause: 'regimen ended 2024-04-10',
        clearedReason: 'PATIENT_REGIMEN_ENDED',
      }),
    ]);
  });
});

describe('a history imported at once with one gap closed late and a last cycle overdue', () => {
  const state = history(ENROL_AGE_69, dex(FIRST), dex('2024-04-06T09:00:00Z'), dex('2024-05-04T09:00:00Z'));

  it('shows the closed gap and the open one, each at its due date', () => {
    const { findings } = dexCycleMissed(state, '2024-07-01T00:00:00.000Z');
    expect(findings.map((f) => [f.episodeKey, f.active, f.clearedAt, f.evidence])).toEqual([
      [`due:${DUE}`, false, '2024-04-06T09:00:00.000Z', [eventId(2)]],
      ['due:2024-06-01T09:00:00.000Z', true, undefined, [eventId(4)]],
    ]);
  });
});

describe('J-POST cycles of four daily doses', () => {
  it('count only each cycle’s first dose: days 2-4 do not start cycles', () => {
    const state = history(
      ENROL_JPOST_AGE_69,
      ...['02', '03', '04', '05'].map((d) => dex(`2024-03-${d}T09:00:00Z`)),
      dex('2024-04-01T09:00:00Z'),
    );
    expect(dexCycleMissed(state, '2024-04-10T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-05-02T09:00:00.001Z'] });
  });
});
