import { addDays } from '@poems/kernel';
import { milestoneOf } from '@poems/patient';
import { day, defineRule, evaluation, expectBy, finding } from '../rule-support';

/**
 * PBSCT_MILESTONE_OVERDUE (warning, time-driven). Conditioning is due conditioningDueDaysAfterApheresis
 * after the apheresis; overdue when none is recorded by then (inclusive) and the regimen had not
 * ended by then. Cleared by the conditioning or the regimen's end, whichever comes first.
 */
export const pbsctMilestoneOverdue = defineRule(({ state, protocol, now }) => {
  const apheresis = milestoneOf(state, 'APHERESIS');
  if (!apheresis) return evaluation([]);
  const days = protocol.transplant.conditioningDueDaysAfterApheresis;
  const due = addDays(apheresis.occurredAt, days);
  const conditioning = milestoneOf(state, 'CONDITIONING');
  const met = conditioning && { at: conditioning.occurredAt, because: `conditioning recorded ${day(conditioning.occurredAt)}` };
  const outcome = expectBy(due, met, state.ended, now);
  if (outcome.status === 'MET') return evaluation([]);
  if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
  const summary = `Conditioning not recorded by ${day(due)}, ${days} days after apheresis on ${day(apheresis.occurredAt)}`;
  return evaluation([
    finding(
      {
        rule: 'PBSCT_MILESTONE_OVERDUE',
        severity: 'warning',
        episodeKey: apheresis.eventId,
        clinicalTime: due,
        summary,
        evidence: [apheresis.eventId],
      },
      outcome.clearing,
    ),
  ]);
});
