import { addDays, toMs } from '@poems/kernel';
import { day, defineRule, evaluation, expectBy, finding } from '../rule-support';
import { armLabel } from './arm-mismatch';

/**
 * TREATMENT_NOT_STARTED (warning, time-driven), a sibling of PBSCT_MILESTONE_OVERDUE for either arm
 * (issue 16 item 2): no treatment step recorded by enrolment + firstTreatmentDueDaysAfterEnrolment
 * for the patient's arm (inclusive), and the regimen had not ended. Any treatment counts (a
 * thalidomide dose above 0, a dexamethasone dose, a transplant milestone): one given off the arm is
 * ARM_MISMATCH's. Cleared by the first treatment (late) or the regimen's end.
 */
export const treatmentNotStarted = defineRule(({ state, enrolment, protocol, now }) => {
  const days = protocol.transplantSteps.firstTreatmentDueDaysAfterEnrolment[enrolment.arm];
  const due = addDays(enrolment.enrolledAt, days);
  const first = [
    ...state.thalidomide.filter((t) => t.mgPerDay > 0).map((t) => ({ at: t.effectiveAt, what: 'thalidomide' })),
    ...state.dexamethasone.map((d) => ({ at: d.givenAt, what: 'dexamethasone' })),
    ...state.milestones.map((m) => ({ at: m.occurredAt, what: m.milestone.toLowerCase().replace(/_/g, ' ') })),
  ].sort((a, b) => toMs(a.at) - toMs(b.at))[0];
  const met = first && { at: first.at, because: `${first.what} started ${day(first.at)}` };
  const outcome = expectBy(due, met, state.ended, now);
  if (outcome.status === 'MET') return evaluation([]);
  if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
  const summary = `No ${armLabel(enrolment.arm)} treatment recorded by ${day(due)}, ${days} days after enrolment on ${day(enrolment.enrolledAt)}`;
  return evaluation([
    finding(
      { rule: 'TREATMENT_NOT_STARTED', severity: 'warning', episodeKey: 'first-treatment', clinicalTime: due, summary, evidence: [enrolment.eventId] },
      outcome.clearing,
    ),
  ]);
});
