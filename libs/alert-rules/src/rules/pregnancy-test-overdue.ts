import { addCalendarDays, addDays, endOfLocalDay, isAfter, localDate, type IsoTime } from '@poems/kernel';
import { childbearingPotentialOf, type LabEntry, type ThalidomideCourse } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, justAfter, type Clearing, type RuleContext } from '../rule-support';
import { intervalAfter, potentialNote, pregnancyCourses, pregnancyTests, testsBetween, treatmentDay } from './pregnancy-tests';

const overdue = (episodeKey: string, clinicalTime: IsoTime, summary: string, evidence: string[], clearing?: Clearing): AlertFinding =>
  finding({ rule: 'PREGNANCY_TEST_OVERDUE', severity: 'critical', episodeKey, clinicalTime, summary, evidence }, clearing);

const testClearing = (test: LabEntry | undefined, context: RuleContext): Clearing | undefined =>
  test && { at: test.collectedAt, because: `pregnancy test ${test.value} on ${day(test.collectedAt, context.zone)}` };

/** Each window before the first dose needs a test (REMS: 10-14 days and within 24 hours before). */
function beforeFirstDose(course: ThalidomideCourse, tests: ReadonlyArray<LabEntry>, context: RuleContext, note: string): AlertFinding[] {
  const { protocol, zone, now } = context;
  if (isAfter(course.startedAt, now)) return [];
  const startDate = localDate(course.startedAt, zone);
  const missing = protocol.safety.pregnancy.beforeFirstDose.filter(
    (w) => testsBetween(tests, addCalendarDays(startDate, -w.fromDaysBefore), addCalendarDays(startDate, -w.toDaysBefore), zone, course.startedAt).length === 0,
  );
  if (missing.length === 0) return [];
  const windows = missing.map((w) => (w.fromDaysBefore === w.toDaysBefore ? `${w.fromDaysBefore}` : `${w.toDaysBefore}-${w.fromDaysBefore}`)).join(' and ');
  const summary = `Thalidomide started ${startDate} without a pregnancy test ${windows} days before (${note})`;
  const next = tests.find((t) => isAfter(t.collectedAt, course.startedAt));
  return [overdue(`before:${course.startEventId}`, course.startedAt, summary, [course.startEventId], testClearing(next, context))];
}

/** While on thalidomide: no longer gap between tests than the interval for the treatment day (weekly, then every 4 weeks) + grace. */
function duringTreatment(course: ThalidomideCourse, tests: ReadonlyArray<LabEntry>, context: RuleContext, note: string, deadlines: IsoTime[]): AlertFinding[] {
  const { protocol, zone, now, state } = context;
  const grace = protocol.safety.pregnancy.graceDays;
  const findings: AlertFinding[] = [];
  let last: IsoTime = course.startedAt;
  let lastEvidence = course.startEventId;
  for (;;) {
    const interval = intervalAfter(protocol, treatmentDay(course.startedAt, last, zone));
    const dueDate = addCalendarDays(localDate(last, zone), interval);
    const by = endOfLocalDay(addCalendarDays(dueDate, grace), zone);
    const stop = [course.endedAt, state.ended?.endedAt].filter((t): t is IsoTime => t !== undefined).sort()[0];
    if (stop !== undefined && !isAfter(stop, by)) return findings;
    const next = tests.find((t) => isAfter(t.collectedAt, last));
    if (next && !isAfter(next.collectedAt, by)) {
      last = next.collectedAt;
      lastEvidence = next.eventId;
      continue;
    }
    if (!next && !isAfter(now, by)) {
      deadlines.push(justAfter(by));
      return findings;
    }
    const due = addDays(last, interval);
    const summary = `Pregnancy test due ${dueDate} on thalidomide not done by ${localDate(by, zone)} (every ${interval} days + ${grace}; ${note})`;
    const ended = stop !== undefined && (!next || isAfter(next.collectedAt, stop));
    const clearing = ended ? { at: stop!, because: `thalidomide stopped ${day(stop!, zone)}` } : testClearing(next, context);
    findings.push(overdue(`due:${dueDate}`, due, summary, [lastEvidence], clearing));
    if (!next || ended) return findings;
    last = next.collectedAt;
    lastEvidence = next.eventId;
  }
}

/** After the last dose: a test afterLastDoseDays later (REMS / TERMS: 4 weeks), give or take the grace days. */
function afterLastDose(course: ThalidomideCourse, tests: ReadonlyArray<LabEntry>, context: RuleContext, note: string, deadlines: IsoTime[]): AlertFinding[] {
  const { protocol, zone, now } = context;
  const { afterLastDoseDays, graceDays } = protocol.safety.pregnancy;
  if (course.endedAt === undefined || afterLastDoseDays === null) return [];
  const dueDate = addCalendarDays(localDate(course.endedAt, zone), afterLastDoseDays);
  const by = endOfLocalDay(addCalendarDays(dueDate, graceDays), zone);
  const test = tests.find((t) => localDate(t.collectedAt, zone) >= addCalendarDays(dueDate, -graceDays));
  if (test && !isAfter(test.collectedAt, by)) return [];
  if (!test && !isAfter(now, by)) {
    deadlines.push(justAfter(by));
    return [];
  }
  const due = addDays(course.endedAt, afterLastDoseDays);
  const summary = `Pregnancy test due ${dueDate}, ${afterLastDoseDays} days after the last thalidomide dose, not done by ${localDate(by, zone)} (${note})`;
  return [overdue(`after:${course.endEventId}`, due, summary, [course.endEventId!], testClearing(test, context))];
}

/**
 * PREGNANCY_TEST_OVERDUE (critical, time-driven), for a patient of childbearing potential (recorded,
 * or assumed: female below the protocol's age) on the schedule of `safety.pregnancy` (TERMS / REMS):
 * a test in each window before a course's first dose; while on thalidomide, a test within the
 * interval for the treatment day (7 days up to day 28, then 28) + graceDays of the previous one, on
 * the clinic's calendar; and one afterLastDoseDays after the course ends. Each missed test is an
 * episode, cleared by the next test (or the course's end).
 */
export const pregnancyTestOverdue = defineRule((context) => {
  const { state, enrolment, protocol } = context;
  const potential = childbearingPotentialOf(enrolment, protocol);
  if (!potential.value) return evaluation([]);
  const note = potentialNote(potential);
  const tests = pregnancyTests(state);
  const deadlines: IsoTime[] = [];
  const findings = pregnancyCourses(state, protocol).flatMap((course) => [
    ...beforeFirstDose(course, tests, context, note),
    ...duringTreatment(course, tests, context, note, deadlines),
    ...afterLastDose(course, tests, context, note, deadlines),
  ]);
  return evaluation(findings, deadlines);
});

