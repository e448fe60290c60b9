import { addDays, isAfter, isBefore, localDate, type IsoTime } from '@poems/kernel';
import { labsOf, type PatientState } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';

/**
 * Test-only: where the thalidomide safety rules (issues 12 and 16) would fire, from their stated
 * semantics and erring towards firing: any gap, any missing test, any late start counts, whatever
 * the interruptions or the clinic day.
 */
const ZONE = 'Asia/Tokyo';
const days = (n: number) => n * 86_400_000;
const gap = (from: IsoTime, to: IsoTime) => Date.parse(to) - Date.parse(from);

export function safetyEvidence(state: PatientState, protocol: ProtocolDefinition, now: IsoTime, fire: (rule: string, at: IsoTime) => void): void {
  const enrolment = state.enrolment!;
  const start = state.thalidomide.find((t) => t.mgPerDay > 0);
  const tests = labsOf(state, 'PREGNANCY_TEST');
  const { pregnancy, dispensing, thromboprophylaxis, severeAdverseEvent } = protocol.safety;
  const childbearing = enrolment.childbearingPotential ?? (enrolment.sex !== 'male' && enrolment.ageAtEnrolment < pregnancy.assumeChildbearingPotentialBelowAge);

  // PREGNANCY_TEST_POSITIVE: any positive result from 14 days before the first dose on (this cohort's courses never end before the end date).
  for (const t of tests) if (start && t.value === 'positive' && !isBefore(t.collectedAt, addDays(start.effectiveAt, -14))) fire('PREGNANCY_TEST_POSITIVE', t.collectedAt);

  // PREGNANCY_TEST_OVERDUE: each gap between tests on thalidomide longer than 28 days + grace (7 + grace in the first 4 weeks).
  if (childbearing && start) {
    const after = tests.filter((t) => !isBefore(t.collectedAt, start.effectiveAt)).map((t) => t.collectedAt);
    const before = tests.filter((t) => isBefore(t.collectedAt, start.effectiveAt) && gap(t.collectedAt, start.effectiveAt) <= days(15));
    if (before.length < 2 && !after.some((t) => localDate(t, ZONE) === localDate(start.effectiveAt, ZONE))) fire('PREGNANCY_TEST_OVERDUE', start.effectiveAt);
    let last = after[0] ?? start.effectiveAt;
    for (const next of [...after.slice(1), state.ended?.endedAt ?? now]) {
      const interval = Math.round(gap(start.effectiveAt, last) / days(1)) < 28 ? 7 : 28;
      if (gap(last, next) > days(interval + pregnancy.graceDays + 1)) fire('PREGNANCY_TEST_OVERDUE', addDays(last, interval));
      last = next;
    }
  }

  // THALIDOMIDE_SUPPLY_EXCEEDED: more than 28 days, or no negative test in the 7 days before for a patient who could get pregnant.
  for (const d of state.thalidomideDispensing) {
    const negative = tests.some((t) => t.value === 'negative' && !isAfter(t.collectedAt, d.dispensedAt) && gap(t.collectedAt, d.dispensedAt) <= days(dispensing.negativeTestWithinDays + 1));
    if (d.daysSupply > dispensing.maxDaysSupply || (childbearing && !negative)) fire('THALIDOMIDE_SUPPLY_EXCEEDED', d.dispensedAt);
  }

  // THROMBOPROPHYLAXIS_MISSING: the first prophylaxis later than 3 days after thalidomide with dexamethasone began.
  const dex = state.dexamethasone.find((d) => d.indication !== 'SUPPORTIVE');
  if (start && dex) {
    const both = isAfter(dex.givenAt, start.effectiveAt) ? dex.givenAt : start.effectiveAt;
    const first = state.thromboprophylaxisStarts[0]?.startedAt ?? now;
    if (gap(both, first) > days(thromboprophylaxis.graceDays)) fire('THROMBOPROPHYLAXIS_MISSING', addDays(both, thromboprophylaxis.graceDays));
  }

  // SEVERE_AE_ON_THALIDOMIDE: any grade 3+ adverse event on thalidomide not followed within 2 days by a lower dose or recorded action.
  for (const ae of state.adverseEvents.filter((a) => a.grade >= severeAdverseEvent.minGrade)) {
    const onThalidomide = state.thalidomide.filter((t) => !isAfter(t.effectiveAt, ae.onsetAt)).at(-1)?.mgPerDay ?? 0;
    const lowered = state.thalidomide.some((t) => !isBefore(t.effectiveAt, ae.onsetAt) && gap(ae.onsetAt, t.effectiveAt) <= days(3) && t.mgPerDay < t.previousMgPerDay);
    if (onThalidomide > 0 && !lowered && ae.actionTaken === undefined) fire('SEVERE_AE_ON_THALIDOMIDE', ae.onsetAt);
  }
}
