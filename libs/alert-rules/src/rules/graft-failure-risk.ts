import { addDays } from '@poems/kernel';
import { milestoneOf } from '@poems/patient';
import { day, defineRule, evaluation, expectBy, finding } from '../rule-support';

/**
 * GRAFT_FAILURE_RISK (critical, time-driven). Neutrophil engraftment is expected by day
 * +neutrophilEngraftmentExpectedByDay after the stem cell infusion (day 0), inclusive; a finding
 * at that day when none is recorded by then and the regimen had not ended by then. Cleared by a
 * later engraftment or the regimen's end.
 */
export const graftFailureRisk = defineRule(({ state, protocol, now }) => {
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  if (!infusion) return evaluation([]);
  const byDay = protocol.transplant.neutrophilEngraftmentExpectedByDay;
  const expectedBy = addDays(infusion.occurredAt, byDay);
  const engraftment = milestoneOf(state, 'NEUTROPHIL_ENGRAFTMENT');
  const met = engraftment && { at: engraftment.occurredAt, because: `neutrophil engraftment recorded ${day(engraftment.occurredAt)}` };
  const outcome = expectBy(expectedBy, met, state.ended, now);
  if (outcome.status === 'MET') return evaluation([]);
  if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
  const summary =
    `No neutrophil engraftment by day +${byDay} (${day(expectedBy)}) after stem cell infusion on ` +
    `${day(infusion.occurredAt)}: primary graft failure risk`;
  return evaluation([
    finding(
      {
        rule: 'GRAFT_FAILURE_RISK',
        severity: 'critical',
        episodeKey: infusion.eventId,
        clinicalTime: expectedBy,
        summary,
        evidence: [infusion.eventId],
      },
      outcome.clearing,
    ),
  ]);
});
