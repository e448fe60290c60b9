import { clinicDaysBetween, isAfter, type IsoTime, type TimeZone } from '@poems/kernel';
import { labsOf, milestoneOf, type MilestoneEntry, type PatientState } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';
import type { AlertRuleCode, Severity } from '../alert-finding';
import { clinicDayAfter, day, defineRule, evaluation, expectBy, finding, num, type Clearing } from '../rule-support';
import { neutrophilEngraftment } from './blood-counts';

/**
 * When neutrophil engraftment was established, as the history shows it: by the counts, at the
 * moment their 3-day run was complete (before that the counts could not show it); otherwise by the
 * recorded milestone, unless the last ANC after it (up to `until`) is still below the threshold.
 */
export function neutrophilEngraftmentMet(state: PatientState, protocol: ProtocolDefinition, infusion: MilestoneEntry, until: IsoTime, zone: TimeZone): Clearing | undefined {
  const reading = neutrophilEngraftment(state, protocol, infusion, zone);
  if (reading.counted) {
    const { at, knownAt } = reading.counted;
    return { at: knownAt, because: `counts show neutrophil engraftment from ${day(at, zone)} (day +${clinicDaysBetween(infusion.occurredAt, at, zone)})` };
  }
  const recorded = reading.recorded;
  if (!recorded) return undefined;
  const { ancAtLeastPerUl } = protocol.engraftment.neutrophil;
  const after = labsOf(state, 'ANC').filter((l) => isAfter(l.collectedAt, recorded.occurredAt) && !isAfter(l.collectedAt, until));
  const last = after.at(-1);
  if (last && typeof last.value === 'number' && last.value < ancAtLeastPerUl) return undefined;
  return { at: recorded.occurredAt, because: `neutrophil engraftment recorded ${day(recorded.occurredAt, zone)}` };
}

function lastAnc(state: PatientState, by: IsoTime, zone: TimeZone): string {
  const last = labsOf(state, 'ANC').filter((l) => !isAfter(l.collectedAt, by)).at(-1);
  return last && typeof last.value === 'number' ? `last ANC ${num(last.value)}/µL on ${day(last.collectedAt, zone)}` : 'no ANC recorded';
}

/**
 * A time-driven rule: neutrophil engraftment expected by the end of clinic day +`byDay` after the
 * stem cell infusion (issue 16 item 9), read from the counts when they show it (issue 16 item 2),
 * else from the recorded milestone. An engraftment the counts only proved after the deadline clears
 * the finding then. Dated at the infusion's clock time on day +`byDay`.
 */
function engraftmentExpectedBy(rule: AlertRuleCode, severity: Severity, byDayOf: (p: ProtocolDefinition) => number, what: string) {
  return defineRule(({ state, protocol, now, zone }) => {
    const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
    if (!infusion) return evaluation([]);
    const byDay = byDayOf(protocol);
    const due = clinicDayAfter(infusion.occurredAt, byDay, zone);
    const met = neutrophilEngraftmentMet(state, protocol, infusion, isAfter(now, due.end) ? due.end : now, zone);
    const outcome = expectBy(due.end, met, state.ended, now, zone);
    if (outcome.status === 'MET') return evaluation([]);
    if (outcome.status === 'PENDING') return evaluation([], [outcome.deadline]);
    const summary = `No neutrophil engraftment by day +${byDay} (${due.date}) after infusion on ${day(infusion.occurredAt, zone)}, ${lastAnc(state, due.end, zone)}: ${what}`;
    return evaluation([finding({ rule, severity, episodeKey: infusion.eventId, clinicalTime: due.at, summary, evidence: [infusion.eventId] }, outcome.clearing)]);
  });
}

/** GRAFT_FAILURE_RISK (critical, time-driven): no neutrophil engraftment by day +30 (ASTCT primary graft failure). */
export const graftFailureRisk = engraftmentExpectedBy('GRAFT_FAILURE_RISK', 'critical', (p) => p.transplant.neutrophilEngraftmentExpectedByDay, 'primary graft failure risk');

/** DELAYED_ENGRAFTMENT (warning, time-driven): no neutrophil engraftment by day +21, ahead of the day +30 failure. */
export const delayedEngraftment = engraftmentExpectedBy('DELAYED_ENGRAFTMENT', 'warning', (p) => p.engraftment.delayedNeutrophilAfterDay, 'delayed engraftment');
