import { addDays, isAfter, isBefore } from '@poems/kernel';
import { protocolThalidomideDose, withinTolerance } from '@poems/protocol';
import { day, defineRule, evaluation, expectBy, finding, num } from '../rule-support';

/**
 * THALIDOMIDE_ESCALATION_DUE (info, time-driven). Only when the protocol has an escalation step and
 * the first thalidomide start was at the protocol start dose for the patient's band (within the
 * protocol's tolerance). Due at start + escalationDay; fires when by then (inclusive) there was no
 * dose change and no adverse event with onset in [start, due]; cleared by the next dose change or
 * the regimen's end.
 */
export const thalidomideEscalationDue = defineRule(({ state, enrolment, protocol, now }) => {
  const { escalationDay } = protocol.thalidomide;
  const startIndex = state.thalidomide.findIndex((t) => t.mgPerDay > 0);
  const start = state.thalidomide[startIndex];
  if (escalationDay === null || !start) return evaluation([]);
  const startDose = protocolThalidomideDose(protocol, enrolment.ageBand, 'START');
  if (!withinTolerance(start.mgPerDay, startDose, protocol.doseTolerance)) return evaluation([]);

  const due = addDays(start.effectiveAt, escalationDay);
  const adverse = state.adverseEvents.some((a) => !isBefore(a.onsetAt, start.effectiveAt) && !isAfter(a.onsetAt, due));
  if (adverse) return evaluation([]);
  const change = state.thalidomide[startIndex + 1];
  const met = change && { at: change.effectiveAt, because: `thalidomide changed to ${num(change.mgPerDay)} mg/day on ${day(change.effectiveAt)}` };
  const outcome = expectBy(due, met, state.ended, now);
  if (outcome.status === 'MET') return evaluation([]);
  if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
  const escalated = protocolThalidomideDose(protocol, enrolment.ageBand, 'ESCALATED');
  const summary =
    `Thalidomide escalation due ${day(due)}: ${num(start.mgPerDay)} mg/day since ${day(start.effectiveAt)}, ` +
    `no adverse event; protocol step ${num(escalated)} mg/day`;
  return evaluation([
    finding(
      {
        rule: 'THALIDOMIDE_ESCALATION_DUE',
        severity: 'info',
        episodeKey: start.eventId,
        clinicalTime: due,
        summary,
        evidence: [start.eventId],
      },
      outcome.clearing,
    ),
  ]);
});
