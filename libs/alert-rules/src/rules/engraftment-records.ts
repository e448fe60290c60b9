import { clinicDaysBetween, isAfter, maxIso } from '@poems/kernel';
import { milestoneOf } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num } from '../rule-support';
import { countDays, type CountDay, firstRun, neutrophilEngraftment, plateletEngraftment, type EngraftmentReading } from './blood-counts';

/**
 * ENGRAFTMENT_DISAGREEMENT (info). The recorded neutrophil or platelet engraftment (the clinician's
 * statement, kept as recorded) and the date the counts show (ASTCT) differ by more than
 * `disagreementToleranceDays` clinic days. One per recorded milestone; it goes when either is corrected.
 */
export const engraftmentDisagreement = defineRule(({ state, protocol, zone }) => {
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  if (!infusion) return evaluation([]);
  const dayAfter = (at: string) => clinicDaysBetween(infusion.occurredAt, at, zone);
  const tolerance = protocol.engraftment.disagreementToleranceDays;
  const check = (what: string, reading: EngraftmentReading): AlertFinding[] => {
    const { counted, recorded } = reading;
    if (!counted || !recorded || Math.abs(clinicDaysBetween(counted.at, recorded.occurredAt, zone)) <= tolerance) return [];
    const summary =
      `${what} engraftment recorded ${day(recorded.occurredAt, zone)} (day +${dayAfter(recorded.occurredAt)}); ` +
      `counts show ${day(counted.at, zone)} (day +${dayAfter(counted.at)}): check the record`;
    return [
      finding({
        rule: 'ENGRAFTMENT_DISAGREEMENT',
        severity: 'info',
        episodeKey: `${what.toLowerCase()}:${recorded.eventId}`,
        clinicalTime: maxIso(recorded.occurredAt, counted.knownAt),
        summary,
        evidence: [recorded.eventId, ...counted.evidence],
      }),
    ];
  };
  return evaluation([...check('Neutrophil', neutrophilEngraftment(state, protocol, infusion, zone)), ...check('Platelet', plateletEngraftment(state, protocol, infusion, zone))]);
});

/**
 * SECONDARY_GRAFT_FAILURE (critical). After neutrophil engraftment (counts, else the recorded
 * milestone), every ANC below `secondaryFailure.ancBelowPerUl` on `consecutiveDays` consecutive
 * clinic days; at the last of those days. Cleared by a new engraftment-like run (ANC at or above the
 * engraftment threshold on as many consecutive days), which re-arms the rule.
 */
export const secondaryGraftFailure = defineRule(({ state, protocol, zone }) => {
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  if (!infusion) return evaluation([]);
  const engrafted = neutrophilEngraftment(state, protocol, infusion, zone).effective;
  if (!engrafted) return evaluation([]);
  const { ancBelowPerUl, consecutiveDays } = protocol.engraftment.secondaryFailure;
  const recovery = protocol.engraftment.neutrophil;
  const findings: AlertFinding[] = [];
  let days: CountDay[] = countDays(state, 'ANC', engrafted.knownAt, zone).filter((d) => isAfter(d.firstAt, engrafted.knownAt));
  for (;;) {
    const fall = firstRun(days, (d) => d.highest < ancBelowPerUl, consecutiveDays, false);
    if (!fall) break;
    const after = days.slice(days.indexOf(fall.at(-1)!) + 1);
    const recovered = firstRun(after, (d) => d.lowest >= recovery.ancAtLeastPerUl, recovery.consecutiveDays, false);
    const last = fall.at(-1)!;
    const summary =
      `ANC below ${num(ancBelowPerUl)}/µL on ${consecutiveDays} days to ${last.day} (day +${clinicDaysBetween(infusion.occurredAt, last.firstAt, zone)}) ` +
      `after engraftment on ${day(engrafted.at, zone)}: secondary graft failure?`;
    findings.push(
      finding(
        { rule: 'SECONDARY_GRAFT_FAILURE', severity: 'critical', episodeKey: fall[0]!.eventIds[0]!, clinicalTime: last.firstAt, summary, evidence: fall.flatMap((d) => d.eventIds) },
        recovered && { at: recovered.at(-1)!.firstAt, because: `ANC ≥ ${num(recovery.ancAtLeastPerUl)}/µL again from ${recovered[0]!.day}` },
      ),
    );
    if (!recovered) break;
    days = after.slice(after.indexOf(recovered.at(-1)!) + 1);
  }
  return evaluation(findings);
});
