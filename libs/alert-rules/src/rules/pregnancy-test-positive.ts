import { addCalendarDays, endOfClinicDayAfter, isAfter, isBefore, localDate, startOfLocalDay } from '@poems/kernel';
import { day, defineRule, evaluation, finding } from '../rule-support';
import { pregnancyCourses, pregnancyTests } from './pregnancy-tests';

/**
 * PREGNANCY_TEST_POSITIVE (critical). A positive pregnancy test collected while a thalidomide
 * course runs (from the start of its earliest pre-start test window), or up to the end of the clinic
 * day `safety.pregnancy.followUpDays` after it ended, whatever the patient's recorded childbearing
 * potential: a positive result overrides any assumption. One episode per result; never cleared by
 * itself (acknowledgement closes it), disappears if the result is corrected.
 */
export const pregnancyTestPositive = defineRule(({ state, protocol, zone }) => {
  const { beforeFirstDose, followUpDays } = protocol.safety.pregnancy;
  const lead = Math.max(...beforeFirstDose.map((w) => w.fromDaysBefore));
  const courses = pregnancyCourses(state, protocol);
  const findings = pregnancyTests(state)
    .filter((t) => t.value === 'positive')
    .flatMap((test) => {
      const course = courses.find((c) => {
        const from = startOfLocalDay(addCalendarDays(localDate(c.startedAt, zone), -lead), zone);
        const to = c.endedAt === undefined ? undefined : endOfClinicDayAfter(c.endedAt, followUpDays, zone);
        return !isBefore(test.collectedAt, from) && (to === undefined || !isAfter(test.collectedAt, to));
      });
      if (!course) return [];
      const when = isBefore(test.collectedAt, course.startedAt)
        ? `before thalidomide started ${day(course.startedAt, zone)}`
        : course.endedAt !== undefined && isAfter(test.collectedAt, course.endedAt)
          ? `${followUpDays}-day follow-up after thalidomide stopped ${day(course.endedAt, zone)}`
          : `on thalidomide since ${day(course.startedAt, zone)}`;
      const summary = `POSITIVE pregnancy test on ${day(test.collectedAt, zone)}, ${when}: stop thalidomide, contact the TERMS/REMS programme`;
      return [
        finding({
          rule: 'PREGNANCY_TEST_POSITIVE',
          severity: 'critical',
          episodeKey: test.eventId,
          clinicalTime: test.collectedAt,
          summary,
          evidence: [test.eventId, course.startEventId],
        }),
      ];
    });
  return evaluation(findings);
});
