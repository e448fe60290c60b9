import { thalidomideCourses } from '@poems/patient';
import { pregnancyTestPositive } from './pregnancy-test-positive';
import { history } from '../test-support/history';
import { ENROL_WOMAN_45, jst, pregnancyTest, thalidomide } from '../test-support/safety-history';

/**
 * Issue 16 item 9 for the safety programme's periods: the follow-up after thalidomide stops is
 * `followUpDays` (28) clinic days, not 28 × 24 hours from the clock time of the stop. Thalidomide
 * stopped at 20:00 on 1 May in Tokyo; 29 May is day 28.
 */
const LATER = '2025-01-01T00:00:00.000Z';
const STOPPED = [ENROL_WOMAN_45, thalidomide(100, '2024-03-05'), thalidomide(0, '2024-05-01', '20:00')];

describe('a positive pregnancy test at 21:00 on the 28th clinic day after thalidomide stopped', () => {
  it('is within the follow-up: critical', () => {
    expect(pregnancyTestPositive(history(...STOPPED, pregnancyTest('2024-05-29', 'positive', '21:00')), LATER).findings).toEqual([
      expect.objectContaining({ rule: 'PREGNANCY_TEST_POSITIVE', clinicalTime: new Date(jst('2024-05-29', '21:00')).toISOString() }),
    ]);
  });

  it('is not on the 29th clinic day', () => {
    expect(pregnancyTestPositive(history(...STOPPED, pregnancyTest('2024-05-30', 'positive', '08:00')), LATER).findings).toEqual([]);
  });
});

describe('thalidomide restarted at 21:00 on the 28th clinic day after it stopped', () => {
  it('continues the course (an interruption shorter than the follow-up), as TERMS / REMS keep testing through it', () => {
    const state = history(...STOPPED, thalidomide(100, '2024-05-29', '21:00'));
    expect(thalidomideCourses(state, 28).map((c) => [c.startedAt, c.endedAt])).toEqual([[new Date(jst('2024-03-05')).toISOString(), undefined]]);
  });
});
