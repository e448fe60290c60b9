import { thalidomideSupplyExceeded } from './thalidomide-supply-exceeded';
import { ENROL_AGE_69, eventId, history } from '../test-support/history';
import { dispense, ENROL_WOMAN_45, pregnancyTest, thalidomide } from '../test-support/safety-history';

const LATER = '2024-12-01T00:00:00.000Z';
const START = thalidomide(100, '2024-03-04');

describe('a dispensing of more than 28 days', () => {
  it('is recorded, and flagged', () => {
    const state = history(ENROL_AGE_69, START, dispense('2024-03-04', 56));
    expect(state.thalidomideDispensing).toEqual([expect.objectContaining({ daysSupply: 56, mgPerDay: 100, clinicalTimeOffset: '+09:00' })]);
    expect(thalidomideSupplyExceeded(state, LATER).findings).toEqual([
      {
        rule: 'THALIDOMIDE_SUPPLY_EXCEEDED',
        severity: 'warning',
        episodeKey: eventId(3),
        clinicalTime: '2024-03-04T02:00:00.000Z',
        summary: "Thalidomide 100 mg/day dispensed 2024-03-04: 56 days' supply (max 28)",
        evidence: [eventId(3)],
        active: true,
      },
    ]);
  });

  it('of exactly 28 days: nothing', () => {
    expect(thalidomideSupplyExceeded(history(ENROL_AGE_69, START, dispense('2024-03-04', 28)), LATER).findings).toEqual([]);
  });

  it('corrected to 28 days disappears', () => {
    const state = history(ENROL_AGE_69, START, dispense('2024-03-04', 56), { type: 'CorrectEvent', correctsEventId: eventId(3), reason: 'typo', daysSupply: 28 });
    expect(thalidomideSupplyExceeded(state, LATER).findings).toEqual([]);
  });
});

describe('a dispensing to a woman of childbearing potential', () => {
  it.each([
    ['a negative test the same morning', '2024-04-01', 0],
    ['a negative test 7 clinic days before', '2024-03-25', 0],
    ['a negative test 8 clinic days before', '2024-03-24', 1],
  ])('with %s: %i finding', (_what, testedOn, count) => {
    const state = history(ENROL_WOMAN_45, START, pregnancyTest(testedOn), dispense('2024-04-01'));
    expect(thalidomideSupplyExceeded(state, LATER).findings).toHaveLength(count);
  });

  it('without a negative test names why, and which assumption was made', () => {
    const state = history(ENROL_WOMAN_45, START, dispense('2024-04-01'));
    expect(thalidomideSupplyExceeded(state, LATER).findings[0]?.summary).toBe(
      'Thalidomide 100 mg/day dispensed 2024-04-01: no negative pregnancy test in the 7 days before (assumed of childbearing potential below 55)',
    );
  });

  it('after a negative then a positive test: flagged', () => {
    const state = history(ENROL_WOMAN_45, START, pregnancyTest('2024-03-28'), pregnancyTest('2024-03-30', 'positive'), dispense('2024-04-01'));
    expect(thalidomideSupplyExceeded(state, LATER).findings).toHaveLength(1);
  });

  it('a negative test in the window entered late makes the finding disappear', () => {
    const state = history(ENROL_WOMAN_45, START, dispense('2024-04-01'), pregnancyTest('2024-03-30'));
    expect(thalidomideSupplyExceeded(state, LATER).findings).toEqual([]);
  });
});
