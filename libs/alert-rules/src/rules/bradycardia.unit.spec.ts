import { bradycardia } from './bradycardia';
import { ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';

const NOW = '2024-12-01T00:00:00.000Z';
const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
const heartRate = (heartRateBpm: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'VITALS', heartRateBpm, assessedAt });
const START = thalidomide(100, '2024-03-02T09:00:00Z');

describe('a heart rate below 50 bpm on thalidomide', () => {
  const { findings } = bradycardia(history(ENROL_AGE_69, START, heartRate(46, '2024-03-20T09:00:00Z')), NOW);

  it('opens an active episode, caused by the vital signs and the dose in effect', () => {
    expect(findings).toEqual([
      {
        rule: 'BRADYCARDIA',
        severity: 'warning',
        episodeKey: eventId(3),
        clinicalTime: '2024-03-20T09:00:00.000Z',
        summary: 'Heart rate 46 bpm on 2024-03-20 on thalidomide 100 mg/day (alert below 50 bpm)',
        evidence: [eventId(3), eventId(2)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('a heart rate of exactly 50 bpm on thalidomide', () => {
  it('is not bradycardia', () => {
    expect(bradycardia(history(ENROL_AGE_69, START, heartRate(50, '2024-03-20T09:00:00Z')), NOW).findings).toEqual([]);
  });
});

describe('a low heart rate off thalidomide', () => {
  it.each([
    ['before the first dose', [heartRate(45, '2024-03-01T10:00:00Z'), START]],
    ['while interrupted', [START, thalidomide(0, '2024-03-10T09:00:00Z'), heartRate(45, '2024-03-12T09:00:00Z')]],
  ])('%s: no finding', (_case, commands) => {
    expect(bradycardia(history(ENROL_AGE_69, ...commands), NOW).findings).toEqual([]);
  });
});

describe('bradycardia that recovers to 50 bpm and then recurs', () => {
  // 3 HR 48 (episode 1), 4 HR 44 (same), 5 HR 50 (clears), 6 HR 47 (episode 2)
  const state = history(
    ENROL_AGE_69,
    START,
    heartRate(48, '2024-03-20T09:00:00Z'),
    heartRate(44, '2024-03-27T09:00:00Z'),
    heartRate(50, '2024-04-03T09:00:00Z'),
    heartRate(47, '2024-04-10T09:00:00Z'),
  );

  it('gives one finding per episode, the first cleared by the recovery', () => {
    expect(bradycardia(state, NOW).findings.map((f) => [f.episodeKey, f.active, f.clearedAt, f.clearedBecause])).toEqual([
      [eventId(3), false, '2024-04-03T09:00:00.000Z', 'heart rate 50 bpm on 2024-04-03'],
      [eventId(6), true, undefined, undefined],
    ]);
  });
});

describe('a low heart rate corrected to a normal one', () => {
  it('no longer shows bradycardia', () => {
    const state = history(ENROL_AGE_69, START, heartRate(48, '2024-03-20T09:00:00Z'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(3),
      reason: 'wrong patient’s vitals',
      heartRateBpm: 68,
    });
    expect(bradycardia(state, NOW).findings).toEqual([]);
  });
});
