import { toIso, toMs } from './time';

describe('ISO time conversions (remembered, bounded)', () => {
  it('answer as Date does, the first time and every time after, past the bound where they forget', () => {
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 60_000; i += 1) {
        const ms = Date.UTC(2024, 0, 1) + i * 61_001;
        const iso = new Date(ms).toISOString();
        expect(toIso(ms)).toBe(iso);
        expect(toMs(iso)).toBe(ms);
      }
    }
  });

  it('take an offset time to the same instant, and refuse what is no time, every time', () => {
    expect(toMs('2024-03-01T09:30:00+09:00')).toBe(Date.parse('2024-03-01T00:30:00.000Z'));
    for (let i = 0; i < 2; i += 1) {
      expect(() => toMs('not a time')).toThrow('Not an ISO time: not a time');
      expect(() => toIso(Number.NaN)).toThrow(RangeError);
    }
  });
});
