import { pregnancyTestOverdue } from './pregnancy-test-overdue';
import { ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';
import { afterJstDay, ENROL_WOMAN_45, endRegimen, enrolWoman, pregnancyTest, thalidomide } from '../test-support/safety-history';

// A woman of 45, childbearing potential not recorded: assumed (below 55). Thalidomide from 4 March
// (10:00 JST) after negative tests on 21 February (10-14 days before) and 4 March 09:00 (within 24 h).
const SCREENED = [pregnancyTest('2024-02-21'), pregnancyTest('2024-03-04')];
const START = thalidomide(100, '2024-03-04');
const WEEKLY = ['2024-03-11', '2024-03-18', '2024-03-25', '2024-04-01'].map((d) => pregnancyTest(d));
const LATER = '2024-06-01T00:00:00.000Z';

describe('a woman of 45 tested as TERMS / REMS ask, before and weekly on thalidomide', () => {
  const state = history(ENROL_WOMAN_45, ...SCREENED, START, ...WEEKLY);

  it('has no overdue test; the next is due every 28 days from day 28 (1 April → 29 April, + 3 days grace)', () => {
    expect(pregnancyTestOverdue(state, '2024-04-10T00:00:00.000Z')).toEqual({ findings: [], deadlines: [afterJstDay('2024-05-02')] });
  });

  it('is overdue once the last clinic day of grace has passed, and not a millisecond before', () => {
    expect(pregnancyTestOverdue(state, new Date(Date.parse(afterJstDay('2024-05-02')) - 1).toISOString()).findings).toEqual([]);
    expect(pregnancyTestOverdue(state, afterJstDay('2024-05-02')).findings).toEqual([
      {
        rule: 'PREGNANCY_TEST_OVERDUE',
        severity: 'critical',
        episodeKey: 'due:2024-04-29',
        clinicalTime: '2024-04-29T00:00:00.000Z',
        summary: 'Pregnancy test due 2024-04-29 on thalidomide not done by 2024-05-02 (every 28 days + 3; assumed of childbearing potential below 55)',
        evidence: [eventId(8)],
        active: true,
      },
    ]);
  });

  it('accepts a test on the last day of grace, and a late one clears the episode it was overdue for', () => {
    const onTime = history(ENROL_WOMAN_45, ...SCREENED, START, ...WEEKLY, pregnancyTest('2024-05-02', 'negative', '23:00'));
    expect(pregnancyTestOverdue(onTime, '2024-05-10T00:00:00.000Z').findings).toEqual([]);
    const late = history(ENROL_WOMAN_45, ...SCREENED, START, ...WEEKLY, pregnancyTest('2024-05-06'));
    expect(pregnancyTestOverdue(late, '2024-05-10T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-05-06T00:00:00.000Z', clearedBecause: 'pregnancy test negative on 2024-05-06' }),
    ]);
  });
});

describe('a weekly test missed in the first four weeks', () => {
  it('is overdue 7 + 3 days after the previous one, and cleared by the next', () => {
    const state = history(ENROL_WOMAN_45, ...SCREENED, START, pregnancyTest('2024-03-11'), pregnancyTest('2024-03-26'), pregnancyTest('2024-04-01'));
    expect(pregnancyTestOverdue(state, '2024-04-10T00:00:00.000Z').findings.map((f) => [f.episodeKey, f.active, f.clearedAt])).toEqual([
      ['due:2024-03-18', false, '2024-03-26T00:00:00.000Z'],
    ]);
  });
});

describe('thalidomide started without the tests before the first dose', () => {
  it('is overdue at the first dose for each window missed, and cleared by the next test', () => {
    const state = history(ENROL_WOMAN_45, pregnancyTest('2024-03-04'), START, ...WEEKLY);
    expect(pregnancyTestOverdue(state, '2024-04-10T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({
        episodeKey: `before:${eventId(3)}`,
        clinicalTime: '2024-03-04T01:00:00.000Z',
        summary: 'Thalidomide started 2024-03-04 without a pregnancy test 10-14 days before (assumed of childbearing potential below 55)',
        active: false,
        clearedAt: '2024-03-11T00:00:00.000Z',
      }),
    ]);
  });

  it('does not count a test taken after the first dose on the same day', () => {
    const state = history(ENROL_WOMAN_45, pregnancyTest('2024-02-21'), START, pregnancyTest('2024-03-04', 'negative', '12:00'));
    expect(pregnancyTestOverdue(state, '2024-03-05T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({ summary: expect.stringContaining('without a pregnancy test 0-1 days before'), active: false }),
    ]);
  });
});

describe('after the last dose', () => {
  it('asks for a test 28 days later (+ 3 days grace)', () => {
    const state = history(ENROL_WOMAN_45, ...SCREENED, START, ...WEEKLY, thalidomide(0, '2024-04-10', '10:00', 'stopped'), endRegimen('2024-04-10'));
    expect(pregnancyTestOverdue(state, '2024-05-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: [afterJstDay('2024-05-11')] });
    expect(pregnancyTestOverdue(state, LATER).findings).toEqual([
      expect.objectContaining({ episodeKey: `after:${eventId(9)}`, clinicalTime: '2024-05-08T01:00:00.000Z', active: true }),
    ]);
    const tested = history(ENROL_WOMAN_45, ...SCREENED, START, ...WEEKLY, thalidomide(0, '2024-04-10', '10:00', 'stopped'), pregnancyTest('2024-05-07'));
    expect(pregnancyTestOverdue(tested, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('who the programme applies to', () => {
  const untested = (enrol: Command) => pregnancyTestOverdue(history(enrol, START), LATER).findings;

  it('a woman of 55 or more whose potential is not recorded: assumed not of childbearing potential', () => {
    expect(untested(enrolWoman('1969-01-10'))).toEqual([]);
    expect(untested(enrolWoman('1969-03-02'))).not.toEqual([]);
  });

  it('what was recorded wins over the age: true at 60, false at 45', () => {
    expect(untested(enrolWoman('1964-01-10', { childbearingPotential: true }))).not.toEqual([]);
    expect(untested(enrolWoman('1979-01-10', { childbearingPotential: false }))).toEqual([]);
  });

  it('a man: never', () => {
    expect(untested(ENROL_AGE_69)).toEqual([]);
  });

  it('a correction that records her as not of childbearing potential removes the findings', () => {
    const state = history(ENROL_WOMAN_45, START, { type: 'CorrectEvent', correctsEventId: eventId(1), reason: 'post-hysterectomy', childbearingPotential: false });
    expect(pregnancyTestOverdue(state, LATER).findings).toEqual([]);
  });
});
