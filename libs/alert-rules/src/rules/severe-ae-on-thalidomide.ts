import { addCalendarDays, endOfLocalDay, isAfter, isBefore, localDate, type IsoTime } from '@poems/kernel';
import { thalidomideDoseAt } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, justAfter, num, regimenEndClearing, shortText, type Clearing } from '../rule-support';

const MANAGED = new Set(['DOSE_HELD', 'DOSE_REDUCED', 'DRUG_STOPPED']);

/**
 * SEVERE_AE_ON_THALIDOMIDE (warning, time-driven; issue 16 item 13). An adverse event of CTCAE
 * grade `safety.severeAdverseEvent.minGrade` (3) or worse with onset while thalidomide is given
 * (> 0 mg/day), not attributed as unrelated, and neither recorded with an action (dose held,
 * reduced, drug stopped) nor followed by a thalidomide reduction or interruption by the end of the
 * clinic day onset + actionWithinDays (2). Cleared by a later reduction or interruption, the event's
 * resolution, or the regimen's end.
 */
export const severeAeOnThalidomide = defineRule(({ state, protocol, now, zone }) => {
  const { minGrade, actionWithinDays } = protocol.safety.severeAdverseEvent;
  const findings: AlertFinding[] = [];
  const deadlines: IsoTime[] = [];
  for (const ae of state.adverseEvents) {
    if (ae.grade < minGrade || ae.attribution === 'UNRELATED' || (ae.actionTaken !== undefined && MANAGED.has(ae.actionTaken))) continue;
    const dose = thalidomideDoseAt(state, ae.onsetAt);
    if (dose <= 0) continue;
    const by = endOfLocalDay(addCalendarDays(localDate(ae.onsetAt, zone), actionWithinDays), zone);
    const lowered = state.thalidomide.find((t) => !isBefore(t.effectiveAt, ae.onsetAt) && t.mgPerDay < t.previousMgPerDay);
    if (lowered && !isAfter(lowered.effectiveAt, by)) continue;
    if (state.ended && !isAfter(state.ended.endedAt, by)) continue;
    if (ae.resolvedAt !== undefined && !isAfter(ae.resolvedAt, by)) continue;
    if (!isAfter(now, by)) {
      deadlines.push(justAfter(by));
      continue;
    }
    const clearings: Clearing[] = [
      ...(lowered ? [{ at: lowered.effectiveAt, because: `thalidomide ${num(lowered.mgPerDay)} mg/day from ${day(lowered.effectiveAt, zone)}` }] : []),
      ...(ae.resolvedAt !== undefined ? [{ at: ae.resolvedAt, because: `resolved ${day(ae.resolvedAt, zone)}` }] : []),
      ...(state.ended ? [regimenEndClearing(state.ended, zone)] : []),
    ];
    const clearing = clearings.sort((a, b) => (a.at < b.at ? -1 : 1))[0];
    const summary =
      `${shortText(ae.term)} grade ${ae.grade} on ${day(ae.onsetAt, zone)} on thalidomide ${num(dose)} mg/day: ` +
      `no hold or reduction by ${localDate(by, zone)}`;
    findings.push(finding({ rule: 'SEVERE_AE_ON_THALIDOMIDE', severity: 'warning', episodeKey: ae.eventId, clinicalTime: ae.onsetAt, summary, evidence: [ae.eventId] }, clearing));
  }
  return evaluation(findings, deadlines);
});
