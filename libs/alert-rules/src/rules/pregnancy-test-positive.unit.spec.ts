import { pregnancyTestPositive } from './pregnancy-test-positive';
import { ENROL_AGE_69, eventId, history } from '../test-support/history';
import { ENROL_WOMAN_45, enrolWoman, pregnancyTest, thalidomide } from '../test-support/safety-history';

const LATER = '2024-12-01T00:00:00.000Z';
const START = thalidomide(100, '2024-03-04');

describe('a positive pregnancy test on thalidomide', () => {
  it('is critical at its collection time, with the test and the course start as evidence', () => {
    const state = history(ENROL_WOMAN_45, pregnancyTest('2024-03-04'), START, pregnancyTest('2024-04-01', 'positive'));
    expect(pregnancyTestPositive(state, LATER).findings).toEqual([
      {
        rule: 'PREGNANCY_TEST_POSITIVE',
        severity: 'critical',
        episodeKey: eventId(4),
        clinicalTime: '2024-04-01T00:00:00.000Z',
        summary: 'POSITIVE pregnancy test on 2024-04-01, on thalidomide since 2024-03-04: stop thalidomide, contact the TERMS/REMS programme',
        evidence: [eventId(4), eventId(3)],
        active: true,
      },
    ]);
  });

  it('counts whatever childbearing potential was recorded or assumed', () => {
    const state = history(enrolWoman('1964-01-10', { childbearingPotential: false }), START, pregnancyTest('2024-04-01', 'positive'));
    expect(pregnancyTestPositive(state, LATER).findings).toHaveLength(1);
  });
});

describe('a positive test around a course', () => {
  const stopped = [START, thalidomide(0, '2024-05-01', '10:00', 'completed')];

  it.each([
    ['in the 14 days before the first dose', '2024-02-20', 1],
    ['15 days before the first dose', '2024-02-18', 0],
    ['on the 28th day after the last dose', '2024-05-29', 1],
    ['29 days after the last dose', '2024-05-31', 0],
  ])('%s: %s gives %i finding', (_what, date, count) => {
    const state = history(ENROL_WOMAN_45, ...stopped, pregnancyTest(date, 'positive'));
    expect(pregnancyTestPositive(state, LATER).findings).toHaveLength(count);
  });

  it('a negative test, or a patient never on thalidomide: nothing', () => {
    expect(pregnancyTestPositive(history(ENROL_WOMAN_45, START, pregnancyTest('2024-04-01')), LATER).findings).toEqual([]);
    expect(pregnancyTestPositive(history(ENROL_AGE_69, pregnancyTest('2024-04-01', 'positive')), LATER).findings).toEqual([]);
  });

  it('a positive result corrected to negative by the laboratory disappears', () => {
    const state = history(ENROL_WOMAN_45, START, { ...pregnancyTest('2024-04-01', 'positive'), accessionId: 'A1' } as never, {
      ...pregnancyTest('2024-04-01', 'negative'),
      accessionId: 'A1',
      status: 'corrected',
    } as never);
    expect(pregnancyTestPositive(state, LATER).findings).toEqual([]);
  });
});
