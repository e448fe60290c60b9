import { addCalendarDays, isAfter, localDate } from '@poems/kernel';
import { childbearingPotentialOf } from '@poems/patient';
import { day, defineRule, evaluation, finding } from '../rule-support';
import { potentialNote, pregnancyTests, testsBetween } from './pregnancy-tests';

/**
 * THALIDOMIDE_SUPPLY_EXCEEDED (warning). A dispensing of more than `safety.dispensing.maxDaysSupply`
 * days (TERMS / REMS: 28), or one to a patient of childbearing potential without a negative
 * pregnancy test collected within `negativeTestWithinDays` clinic days before it (7) and no positive
 * one after that negative. One episode per dispensing; acknowledgement closes it; it disappears if
 * the dispensing is corrected or a late-entered negative test is found in its window.
 */
export const thalidomideSupplyExceeded = defineRule(({ state, enrolment, protocol, zone }) => {
  const { maxDaysSupply, negativeTestWithinDays } = protocol.safety.dispensing;
  const potential = childbearingPotentialOf(enrolment, protocol);
  const tests = pregnancyTests(state);
  const findings = state.thalidomideDispensing.flatMap((d) => {
    const reasons: string[] = [];
    if (d.daysSupply > maxDaysSupply) reasons.push(`${d.daysSupply} days' supply (max ${maxDaysSupply})`);
    if (potential.value) {
      const date = localDate(d.dispensedAt, zone);
      const window = testsBetween(tests, addCalendarDays(date, -negativeTestWithinDays), date, zone, d.dispensedAt);
      const lastNegative = window.filter((t) => t.value === 'negative').at(-1);
      const positiveAfter = lastNegative && window.some((t) => t.value === 'positive' && isAfter(t.collectedAt, lastNegative.collectedAt));
      if (!lastNegative || positiveAfter) reasons.push(`no negative pregnancy test in the ${negativeTestWithinDays} days before (${potentialNote(potential)})`);
    }
    if (reasons.length === 0) return [];
    return [
      finding({
        rule: 'THALIDOMIDE_SUPPLY_EXCEEDED',
        severity: 'warning',
        episodeKey: d.eventId,
        clinicalTime: d.dispensedAt,
        summary: `Thalidomide ${d.mgPerDay} mg/day dispensed ${day(d.dispensedAt, zone)}: ${reasons.join('; ')}`,
        evidence: [d.eventId],
      }),
    ];
  });
  return evaluation(findings);
});
