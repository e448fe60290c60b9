import { percentileCont, quartiles } from './research-statistics';

describe('quartiles by linear interpolation (PostgreSQL percentile_cont)', () => {
  it('interpolate between ranks for an even count', () => {
    expect(quartiles([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, q1: 1.75, q3: 3.25 });
  });

  it('land on values for an odd count', () => {
    expect(quartiles([30, 10, 20, 50, 40])).toEqual({ n: 5, median: 30, q1: 20, q3: 40 });
    expect(quartiles([10, 30, 20])).toEqual({ n: 3, median: 20, q1: 15, q3: 25 });
  });

  it('are the value itself for a single value', () => {
    expect(quartiles([700])).toEqual({ n: 1, median: 700, q1: 700, q3: 700 });
  });

  it('give the minimum and maximum at 0 and 1, and refuse an empty set', () => {
    expect([percentileCont([5, 9, 7], 0), percentileCont([5, 9, 7], 1)]).toEqual([5, 9]);
    expect(() => percentileCont([], 0.5)).toThrow(/at least one/);
    expect(() => percentileCont([1], 1.5)).toThrow(/within/);
  });
});
