import { daysBetweenDates, isAfter, localDate, type CalendarDate, type IsoTime, type TimeZone } from '@poems/kernel';
import { labsOf, thalidomideCourses, type ChildbearingPotential, type LabEntry, type PatientState } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';

/** Pregnancy test results in clinical order (value: 'positive' | 'negative'). */
export function pregnancyTests(state: PatientState): LabEntry[] {
  return labsOf(state, 'PREGNANCY_TEST');
}

/** The programme's courses of thalidomide (an interruption shorter than the follow-up stays inside one). */
export function pregnancyCourses(state: PatientState, protocol: ProtocolDefinition) {
  return thalidomideCourses(state, protocol.safety.pregnancy.followUpDays);
}

/** Tests whose clinic date falls in [from, to] and that were collected at or before `notAfter`. */
export function testsBetween(tests: ReadonlyArray<LabEntry>, from: CalendarDate, to: CalendarDate, zone: TimeZone, notAfter?: IsoTime): LabEntry[] {
  return tests.filter((t) => {
    const date = localDate(t.collectedAt, zone);
    return date >= from && date <= to && (notAfter === undefined || !isAfter(t.collectedAt, notAfter));
  });
}

/** The interval in force after a test on treatment day `day` (first entry whose limit is above it). */
export function intervalAfter(protocol: ProtocolDefinition, day: number): number {
  const entry = protocol.safety.pregnancy.duringTreatment.find((i) => i.untilTreatmentDay === null || day < i.untilTreatmentDay);
  return entry!.intervalDays;
}

export function treatmentDay(courseStart: IsoTime, time: IsoTime, zone: TimeZone): number {
  return daysBetweenDates(localDate(courseStart, zone), localDate(time, zone));
}

/** How the summary names the patient's childbearing potential. */
export function potentialNote(cbp: ChildbearingPotential): string {
  return cbp.basis === 'RECORDED' ? 'childbearing potential recorded' : `assumed of childbearing potential below ${cbp.assumptionAge}`;
}

