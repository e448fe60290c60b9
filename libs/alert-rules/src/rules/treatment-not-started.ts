import { toMs } from '@poems/kernel';
import { regimenDexamethasone } from '@poems/patient';
import { clinicDayAfter, day, defineRule, evaluation, expectBy, finding } from '../rule-support';
import { armLabel } from './arm-mismatch';

/**
 * TREATMENT_NOT_STARTED (warning, time-driven), a sibling of PBSCT_MILESTONE_OVERDUE for either arm
 * (issue 16 item 2): no treatment step recorded by the end of the clinic day enrolment +
 * firstTreatmentDueDaysAfterEnrolment for the patient's arm, and the regimen had not ended. Any
 * treatment counts (a thalidomide dose above 0, a regimen dexamethasone dose, a transplant
 * milestone): one given off the arm is ARM_MISMATCH's. Supportive dexamethasone (an antiemetic,
 * issue 16 item 4) starts no treatment. Cleared by the first treatment (late) or the regimen's end.
 */
export const treatmentNotStarted = defineRule(({ state, enrolment, protocol, now, zone }) => {
  const days = protocol.transplantSteps.firstTreatmentDueDaysAfterEnrolment[enrolment.arm];
  const due = clinicDayAfter(enrolment.enrolledAt, days, zone);
  const first = [
    ...state.thalidomide.filter((t) => t.mgPerDay > 0).map((t) => ({ at: t.effectiveAt, what: 'thalidomide' })),
    ...regimenDexamethasone(state).map((d) => ({ at: d.givenAt, what: 'dexamethasone' })),
    ...state.milestones.map((m) => ({ at: m.occurredAt, what: m.milestone.toLowerCase().replace(/_/g, ' ') })),
  ].sort((a, b) => toMs(a.at) - toMs(b.at))[0];
  const met = first && { at: first.at, because: `${first.what} started ${day(first.at, zone)}` };
  const outcome = expectBy(due.end, met, state.ended, now, zone);
  if (outcome.status === 'MET') return evaluation([]);
  if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
  const summary = `No ${armLabel(enrolment.arm)} treatment recorded by ${due.date}, ${days} days after enrolment on ${day(enrolment.enrolledAt, zone)}`;
  return evaluation([
    finding(
      { rule: 'TREATMENT_NOT_STARTED', severity: 'warning', episodeKey: 'first-treatment', clinicalTime: due.at, summary, evidence: [enrolment.eventId] },
      outcome.clearing,
    ),
  ]);
});
