import { lowCd34Yield } from './low-cd34-yield';
import { ENROL_AGE_53, eventId, history, milestone } from '../test-support/history';

const NOW = '2024-07-01T00:00:00.000Z';
const apheresis = (occurredAt: string, cd34PerKg?: number) => milestone('APHERESIS', occurredAt, cd34PerKg === undefined ? {} : { cd34PerKg });

describe('one apheresis below 2.0 × 10⁶/kg', () => {
  it('is a low yield at the apheresis', () => {
    expect(lowCd34Yield(history(ENROL_AGE_53, apheresis('2024-03-20T09:00:00Z', 1.6)), NOW).findings).toEqual([
      {
        rule: 'LOW_CD34_YIELD',
        severity: 'warning',
        episodeKey: eventId(2),
        clinicalTime: '2024-03-20T09:00:00.000Z',
        summary: 'CD34+ yield 1.6 × 10⁶/kg after 1 apheresis to 2024-03-20, below the 2 × 10⁶/kg minimum: consider further collection',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
  });

  it('exactly 2.0 is enough', () => {
    expect(lowCd34Yield(history(ENROL_AGE_53, apheresis('2024-03-20T09:00:00Z', 2.0)), NOW).findings).toEqual([]);
  });
});

// Issue 16 item 12: the second apheresis was refused, so the cumulative yield could not be judged.
describe('a two-day collection: 1.2 then 1.1 × 10⁶/kg', () => {
  it('is judged on the sum: the low yield of the first day is cleared by the second', () => {
    const state = history(ENROL_AGE_53, apheresis('2024-03-20T09:00:00Z', 1.2), apheresis('2024-03-21T09:00:00Z', 1.1));
    expect(lowCd34Yield(state, NOW).findings).toEqual([
      expect.objectContaining({
        episodeKey: eventId(2),
        summary: 'CD34+ yield 1.2 × 10⁶/kg after 1 apheresis to 2024-03-20, below the 2 × 10⁶/kg minimum: consider further collection',
        active: false,
        clearedAt: '2024-03-21T09:00:00.000Z',
        clearedBecause: 'cumulative yield 2.3 × 10⁶/kg after apheresis on 2024-03-21',
      }),
    ]);
  });

  it('stays low when the sum is still below the minimum', () => {
    const state = history(ENROL_AGE_53, apheresis('2024-03-20T09:00:00Z', 0.9), apheresis('2024-03-21T09:00:00Z', 0.8));
    expect(lowCd34Yield(state, NOW).findings).toEqual([
      expect.objectContaining({ summary: expect.stringContaining('1.7 × 10⁶/kg after 2 aphereses to 2024-03-21'), evidence: [eventId(2), eventId(3)], active: true }),
    ]);
  });
});

describe('an apheresis without a yield', () => {
  it('is not judged here (ASSESSMENT_OVERDUE asks for the yield)', () => {
    expect(lowCd34Yield(history(ENROL_AGE_53, apheresis('2024-03-20T09:00:00Z')), NOW).findings).toEqual([]);
  });
});
