import { addDays, daysBetweenDates, endOfLocalDay, isAfter, isBefore, localDate, toMs } from '@poems/kernel';
import { protocolThalidomideDose } from '@poems/protocol';
import type { Evaluation } from '../alert-finding';
import { clinicDayAfter, day, defineRule, evaluation, expectBy, finding, num } from '../rule-support';
import { openAt, safetyEpisodes } from './thalidomide-conditions';

/**
 * THALIDOMIDE_ESCALATION_DUE (info, time-driven). Only when the protocol has an escalation step and
 * the first thalidomide start was recorded at the protocol start dose (within tolerance). Due on
 * the clinic day start + escalationDay (by the end of that day); fires when by then there was no
 * dose change and no adverse event (other than one attributed as unrelated) with onset in
 * [start, due]. While a safety alert is open on the due day (BRADYCARDIA, NEUROPATHY_WORSENING,
 * FEBRILE_NEUTROPENIA: toxicity not always recorded as an adverse event), the prompt is held until the clinic day it
 * clears (issue 16 item 10). Cleared by the next dose change or the regimen's end.
 */
export const thalidomideEscalationDue = defineRule(({ state, protocol, now, zone }): Evaluation => {
  const { escalationDay } = protocol.thalidomide;
  const startIndex = state.thalidomide.findIndex((t) => t.mgPerDay > 0);
  const start = state.thalidomide[startIndex];
  if (escalationDay === null || !start || start.phase !== 'START' || !start.withinTolerance) return evaluation([]);

  const due = clinicDayAfter(start.effectiveAt, escalationDay, zone);
  let by = due.end;
  const adverse = state.adverseEvents.some((a) => a.attribution !== 'UNRELATED' && !isBefore(a.onsetAt, start.effectiveAt) && !isAfter(a.onsetAt, by));
  if (adverse) return evaluation([]);

  // Held while a safety episode is open: the prompt waits for the clinic day the last one clears.
  const episodes = safetyEpisodes(state, now);
  const heldBy: string[] = [];
  for (let open = openAt(episodes, by); open.length > 0; open = openAt(episodes, by)) {
    heldBy.push(...open.map((e) => e.rule));
    const clearings = open.map((e) => e.clearedAt);
    if (clearings.some((c) => c === undefined)) return evaluation([]);
    const cleared = clearings.reduce((a, b) => (toMs(a!) > toMs(b!) ? a : b))!;
    by = endOfLocalDay(localDate(cleared, zone), zone);
  }

  const change = state.thalidomide[startIndex + 1];
  const met = change && {
    at: change.effectiveAt,
    because: `thalidomide changed to ${num(change.mgPerDay)} mg/day on ${day(change.effectiveAt, zone)}`,
  };
  const outcome = expectBy(by, met, state.ended, now, zone);
  if (outcome.status === 'MET') return evaluation([]);
  if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
  const doseFactor = start.protocolMgPerDay / protocol.thalidomide.startMgPerDay;
  const escalated = protocolThalidomideDose(protocol, { doseFactor }, 'ESCALATED');
  const held = heldBy.length > 0 ? `; held while ${[...new Set(heldBy)].join(', ')} open` : '';
  // Dated start + escalationDay (the start's clock time), or, when held, the day it was released on.
  const dueTime = heldBy.length > 0 ? addDays(start.effectiveAt, daysBetweenDates(localDate(start.effectiveAt, zone), localDate(by, zone))) : due.at;
  const summary =
    `Thalidomide escalation due ${localDate(by, zone)}: ${num(start.mgPerDay)} mg/day since ${day(start.effectiveAt, zone)}, ` +
    `no adverse event${held}; step ${num(escalated)} mg/day`;
  return evaluation([
    finding(
      {
        rule: 'THALIDOMIDE_ESCALATION_DUE',
        severity: 'info',
        episodeKey: start.eventId,
        clinicalTime: dueTime,
        summary,
        evidence: [start.eventId],
      },
      outcome.clearing,
    ),
  ]);
});
