import { formatDateTime, fromLocalInput, offsetLabel, timeTitle, toLocalInput } from './time';

describe('times in the clinic’s time zone', () => {
  it('shows a sample taken at 08:00 on 28 Nov in Tokyo as 28 Nov, not as the 27 Nov it is in UTC', () => {
    expect(formatDateTime('2026-11-27T23:00:00Z', 'Asia/Tokyo')).toBe('28 Nov 2026, 08:00');
    expect(formatDateTime('2026-11-27T23:00:00Z', 'UTC')).toBe('27 Nov 2026, 23:00');
  });

  it('gives the offset in force at that instant, across daylight saving', () => {
    expect(offsetLabel('2026-11-27T23:00:00Z', 'Asia/Tokyo')).toBe('UTC+09:00');
    expect(offsetLabel('2026-07-01T12:00:00Z', 'Europe/London')).toBe('UTC+01:00');
    expect(offsetLabel('2026-12-01T12:00:00Z', 'Europe/London')).toBe('UTC+00:00');
    expect(offsetLabel('2026-07-01T12:00:00Z', 'America/St_Johns')).toBe('UTC-02:30');
    expect(timeTitle('2026-11-27T23:00:00Z', 'Asia/Tokyo')).toBe('Asia/Tokyo (UTC+09:00) · 2026-11-27 23:00 UTC');
  });

  it('turns the clinic’s wall-clock time of an "as of" field into the instant and back', () => {
    expect(fromLocalInput('2026-11-28T08:00', 'Asia/Tokyo')).toBe('2026-11-27T23:00:00.000Z');
    expect(fromLocalInput('2026-03-29T12:00', 'Europe/London')).toBe('2026-03-29T11:00:00.000Z');
    expect(fromLocalInput('2026-03-28T12:00', 'Europe/London')).toBe('2026-03-28T12:00:00.000Z');
    expect(toLocalInput('2026-11-27T23:00:00Z', 'Asia/Tokyo')).toBe('2026-11-28T08:00');
    expect(fromLocalInput('yesterday', 'UTC')).toBeNull();
  });
});
