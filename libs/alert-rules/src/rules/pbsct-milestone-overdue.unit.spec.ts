import { pbsctMilestoneOverdue } from './pbsct-milestone-overdue';
import { ENROL_AGE_53, eventId, history, type Command } from '../test-support/history';

const milestone = (m: string, occurredAt: string, extra: object = {}): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;
// Apheresis 20 March 09:00: conditioning due 35 days later, 24 April 09:00.
const APHERESIS = milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 3 });
const DUE = '2024-04-24T09:00:00.000Z';
const JUST_AFTER_DUE = '2024-04-24T09:00:00.001Z';
const LATER = '2024-06-01T00:00:00.000Z';

describe('an apheresis without conditioning, before conditioning is due', () => {
  it.each(['2024-04-01T00:00:00.000Z', DUE])('at %s finds nothing and asks to be woken just after the due time', (now) => {
    expect(pbsctMilestoneOverdue(history(ENROL_AGE_53, APHERESIS), now)).toEqual({ findings: [], deadlines: [JUST_AFTER_DUE] });
  });
});

describe('an apheresis without conditioning once conditioning is overdue', () => {
  const { findings, deadlines } = pbsctMilestoneOverdue(history(ENROL_AGE_53, APHERESIS), JUST_AFTER_DUE);

  it('finds the overdue conditioning at its due date', () => {
    expect(findings).toEqual([
      {
        rule: 'PBSCT_MILESTONE_OVERDUE',
        severity: 'warning',
        episodeKey: eventId(2),
        clinicalTime: DUE,
        summary: 'Conditioning not recorded by 2024-04-24, 35 days after apheresis on 2024-03-20',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
    expect(deadlines).toEqual([]);
  });
});

describe('conditioning recorded exactly on the due time', () => {
  it('is on time: nothing', () => {
    const state = history(ENROL_AGE_53, APHERESIS, milestone('CONDITIONING', '2024-04-24T09:00:00Z', { melphalanMg: 364 }));
    expect(pbsctMilestoneOverdue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('conditioning recorded late', () => {
  it('shows the overdue episode, cleared by the conditioning', () => {
    const state = history(ENROL_AGE_53, APHERESIS, milestone('CONDITIONING', '2024-04-30T09:00:00Z', { melphalanMg: 364 }));
    expect(pbsctMilestoneOverdue(state, LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-04-30T09:00:00.000Z',
        clearedBecause: 'conditioning recorded 2024-04-30',
      }),
    ]);
  });
});

describe('a regimen ended before conditioning was due', () => {
  it('finds nothing', () => {
    const state = history(ENROL_AGE_53, APHERESIS, { type: 'EndRegimen', endedAt: '2024-04-10T09:00:00Z', reason: 'declined transplant' });
    expect(pbsctMilestoneOverdue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a patient without an apheresis', () => {
  it('finds nothing and needs no deadline', () => {
    expect(pbsctMilestoneOverdue(history(ENROL_AGE_53), LATER)).toEqual({ findings: [], deadlines: [] });
  });
});
