import {
  addCalendarDays,
  ageAt,
  clinicDaysBetween,
  endOfClinicDayAfter,
  endOfLocalDay,
  isTimeZone,
  localDate,
  startOfLocalDay,
  utcOffsetAt,
} from './clinic-calendar';
import { ageInYears } from './time';

describe('the clinic calendar', () => {
  it('puts an early-morning Tokyo time on its Tokyo date, not the UTC one', () => {
    expect(localDate('2024-02-29T23:30:00.000Z', 'Asia/Tokyo')).toBe('2024-03-01');
    expect(localDate('2024-02-29T23:30:00.000Z', 'UTC')).toBe('2024-02-29');
  });

  it('gives the offset of the zone at that instant, across daylight saving time', () => {
    expect(utcOffsetAt('2024-03-01T00:00:00.000Z', 'Asia/Tokyo')).toBe('+09:00');
    expect(utcOffsetAt('2024-01-15T12:00:00.000Z', 'Europe/Paris')).toBe('+01:00');
    expect(utcOffsetAt('2024-07-15T12:00:00.000Z', 'Europe/Paris')).toBe('+02:00');
    expect(utcOffsetAt('2024-07-15T12:00:00.000Z', 'America/New_York')).toBe('-04:00');
    expect(utcOffsetAt('2024-07-15T12:00:00.000Z', 'UTC')).toBe('+00:00');
  });

  it('knows the first and last instants of a clinic day', () => {
    expect(startOfLocalDay('2024-03-01', 'Asia/Tokyo')).toBe('2024-02-29T15:00:00.000Z');
    expect(endOfLocalDay('2024-03-01', 'Asia/Tokyo')).toBe('2024-03-01T14:59:59.999Z');
    // Paris springs forward on 31 March 2024: that day has 23 hours.
    expect(startOfLocalDay('2024-03-31', 'Europe/Paris')).toBe('2024-03-30T23:00:00.000Z');
    expect(endOfLocalDay('2024-03-31', 'Europe/Paris')).toBe('2024-03-31T21:59:59.999Z');
  });

  it('counts whole clinic days, whatever the hour', () => {
    expect(clinicDaysBetween('2024-03-01T00:30:00.000Z', '2024-03-01T14:59:00.000Z', 'Asia/Tokyo')).toBe(0);
    expect(clinicDaysBetween('2024-03-01T00:30:00.000Z', '2024-03-01T15:00:00.000Z', 'Asia/Tokyo')).toBe(1);
    expect(endOfClinicDayAfter('2024-03-01T01:00:00.000Z', 3, 'Asia/Tokyo')).toBe('2024-03-04T14:59:59.999Z');
    expect(addCalendarDays('2024-02-28', 2)).toBe('2024-03-01');
  });

  it('makes a patient a year older on their birthday in Tokyo before 09:00 JST, which UTC does not', () => {
    const at = '2024-05-19T23:30:00.000Z'; // 08:30 on 20 May in Tokyo
    expect(ageAt('1959-05-20', at, 'Asia/Tokyo')).toBe(65);
    expect(ageInYears('1959-05-20', at)).toBe(64);
  });

  it('accepts IANA names only', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
