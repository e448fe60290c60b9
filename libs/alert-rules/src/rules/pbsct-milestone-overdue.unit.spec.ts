import { pbsctMilestoneOverdue } from './pbsct-milestone-overdue';
import { ENROL_AGE_53, eventId, history, milestone } from '../test-support/history';

// Apheresis 20 March 09:00: conditioning due 35 days later, 24 April 09:00.
const APHERESIS = milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 3 });
const DUE = '2024-04-24T09:00:00.000Z';
// Due by the end of the clinic day (Tokyo): the engine is woken at 00:00 JST the day after.
const JUST_AFTER_DUE = '2024-04-24T15:00:00.000Z';
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
    expect(deadlines).toEqual([]);
  });
});

describe('conditioning recorded exactly on the due time', () => {
  it('is on time: nothing', () => {
    const state = history(ENROL_AGE_53, APHERESIS, milestone('CONDITIONING', '2024-04-24T09:00:00Z', { melphalanMg: 364 }), milestone('STEM_CELL_INFUSION', '2024-04-26T09:00:00Z'));
    expect(pbsctMilestoneOverdue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('conditioning recorded late', () => {
  it('shows the overdue episode, cleared by the conditioning', () => {
    const state = history(ENROL_AGE_53, APHERESIS, milestone('CONDITIONING', '2024-04-30T09:00:00Z', { melphalanMg: 364 }), milestone('STEM_CELL_INFUSION', '2024-05-02T09:00:00Z'));
    expect(pbsctMilestoneOverdue(state, LATER).findings).toEqual([
      expect.objectContaining({ clinicalTime: DUE, active: false, clearedAt: '2024-04-30T09:00:00.000Z', clearedBecause: 'conditioning recorded 2024-04-30' }),
    ]);
  });
});

describe('a collection over two aphereses', () => {
  it('counts the conditioning’s 35 days from the last one, keeping the first as the episode', () => {
    const state = history(ENROL_AGE_53, APHERESIS, milestone('APHERESIS', '2024-03-21T09:00:00Z', { cd34PerKg: 1 }));
    expect(pbsctMilestoneOverdue(state, '2024-04-24T15:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-04-25T15:00:00.000Z'] });
    expect(pbsctMilestoneOverdue(state, LATER).findings).toEqual([
      expect.objectContaining({ episodeKey: eventId(2), clinicalTime: '2024-04-25T09:00:00.000Z', evidence: [eventId(2), eventId(3)] }),
    ]);
  });
});

// Issue 16 item 2: only conditioning after apheresis was watched.
describe('a mobilisation with no apheresis 21 days later', () => {
  it('is an overdue apheresis', () => {
    const state = history(ENROL_AGE_53, milestone('MOBILISATION', '2024-03-05T09:00:00Z', { cyclophosphamideMg: 7280 }));
    expect(pbsctMilestoneOverdue(state, '2024-03-26T09:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-03-26T15:00:00.000Z'] });
    expect(pbsctMilestoneOverdue(state, LATER).findings).toEqual([
      expect.objectContaining({ episodeKey: `apheresis:${eventId(2)}`, clinicalTime: '2024-03-26T09:00:00.000Z', summary: 'Apheresis not recorded by 2024-03-26, 21 days after mobilisation on 2024-03-05', active: true }),
    ]);
  });
});

describe('a conditioning with no infusion 3 days later', () => {
  it('is an overdue infusion (a missing infusion no longer silences the transplant rules)', () => {
    const state = history(ENROL_AGE_53, APHERESIS, milestone('CONDITIONING', '2024-04-18T09:00:00Z', { melphalanMg: 364 }));
    expect(pbsctMilestoneOverdue(state, LATER).findings).toEqual([
      expect.objectContaining({ episodeKey: `infusion:${eventId(3)}`, clinicalTime: '2024-04-21T09:00:00.000Z', summary: 'Stem cell infusion not recorded by 2024-04-21, 3 days after conditioning on 2024-04-18' }),
    ]);
    const infused = history(ENROL_AGE_53, APHERESIS, milestone('CONDITIONING', '2024-04-18T09:00:00Z', { melphalanMg: 364 }), milestone('STEM_CELL_INFUSION', '2024-04-21T09:00:00Z'));
    expect(pbsctMilestoneOverdue(infused, LATER).findings).toEqual([]);
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
