import type { Command } from './history';

/** Test-only builders for the thalidomide safety programme specs (clinic in Tokyo, times in JST). */

export const jst = (date: string, time = '10:00') => `${date}T${time}:00+09:00`;

/** A woman of 45 who cannot have a transplant: thalidomide + dexamethasone; childbearing potential not recorded. */
export const ENROL_WOMAN_45 = {
  type: 'EnrollPatient',
  birthDate: '1979-01-10',
  sex: 'female',
  heightCm: 160,
  weightKg: 55,
  careTeam: 'haem-a',
  enrolledAt: '2024-03-01T09:00:00+09:00',
  transplantIneligibleReason: 'LVEF 35%',
} as Command;

export const enrolWoman = (birthDate: string, extra: object = {}): Command => ({ ...ENROL_WOMAN_45, birthDate, ...extra }) as Command;

export const pregnancyTest = (date: string, value: 'negative' | 'positive' = 'negative', time = '09:00'): Command =>
  ({ type: 'RecordLabResult', test: 'PREGNANCY_TEST', value, collectedAt: jst(date, time), specimen: 'urine' }) as Command;
export const thalidomide = (mgPerDay: number, date: string, time = '10:00', reason?: string): Command =>
  ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt: jst(date, time), ...(reason && { reason }) }) as Command;
export const dexamethasone = (date: string, doseMg = 18.7): Command => ({ type: 'RecordDexamethasoneDose', doseMg, givenAt: jst(date, '10:30') });
export const dispense = (date: string, daysSupply = 28, mgPerDay = 100): Command => ({ type: 'DispenseThalidomide', mgPerDay, daysSupply, dispensedAt: jst(date, '11:00') });
export const startProphylaxis = (date: string, agent: 'ASPIRIN' | 'LMWH' = 'ASPIRIN', time = '11:00'): Command =>
  ({ type: 'StartThromboprophylaxis', agent, startedAt: jst(date, time) }) as Command;
export const stopProphylaxis = (date: string): Command => ({ type: 'StopThromboprophylaxis', stoppedAt: jst(date, '11:00'), reason: 'bleeding risk' });
export const adverseEvent = (term: string, grade: number, date: string, extra: object = {}): Command =>
  ({ type: 'RecordAdverseEvent', term, grade, onsetAt: jst(date, '12:00'), ...extra }) as Command;
export const endRegimen = (date: string): Command => ({ type: 'EndRegimen', endedAt: jst(date, '12:00'), reason: 'completed' });

/** The first instant of a clinic date in Tokyo (00:00 JST), as UTC. */
export const startOfJstDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+09:00`)).toISOString();
/** The first instant after a clinic date in Tokyo: when a "by the end of that day" deadline fires. */
export const afterJstDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+09:00`) + 86_400_000).toISOString();
