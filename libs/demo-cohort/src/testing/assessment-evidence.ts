import { addCalendarDays, addDays, endOfLocalDay, isAfter, isBefore, localDate, startOfLocalDay, type IsoTime } from '@poems/kernel';
import { clinicZoneOf, labsOf, milestonesOf, protocolOf, treatmentStart, type PatientState } from '@poems/patient';

/**
 * Test-only: scheduled assessments whose window (whole clinic days) closed empty, written again
 * from the protocol's schedule. It counts from the treatment start only: the cohort's dexamethasone
 * cycles never start outside their grace days, so the schedule never follows a re-anchored grid.
 */
export function assessmentEvidence(state: PatientState, now: IsoTime, fire: (rule: string, at: IsoTime) => void): void {
  const protocol = protocolOf(state)!;
  const zone = clinicZoneOf(state.enrolment!);
  const start = treatmentStart(state);
  const results: Record<string, IsoTime[]> = {
    VEGF: labsOf(state, 'VEGF').map((l) => l.collectedAt),
    M_PROTEIN_IFE: labsOf(state, 'M_PROTEIN_IFE').map((l) => l.collectedAt),
    ONLS: state.assessments.filter((a) => a.kind === 'ONLS').map((a) => a.assessedAt),
    NERVE_CONDUCTION: state.assessments.filter((a) => a.kind === 'NERVE_CONDUCTION').map((a) => a.assessedAt),
    CT_EFFUSION: state.assessments.filter((a) => a.kind === 'CT_EFFUSION').map((a) => a.assessedAt),
  };
  for (const item of protocol.assessmentSchedule.items.filter((i) => i.arm === state.enrolment!.arm)) {
    const anchors =
      item.phase === 'AT_APHERESIS' ? milestonesOf(state, 'APHERESIS').map((a) => ({ at: a.occurredAt, results: a.cd34PerKg === undefined ? [] : [a.occurredAt] })) : start ? [{ at: start, results: results[item.kind] ?? [] }] : [];
    for (const anchor of anchors) {
      const days = 'at' in item.days ? item.days.at : Array.from({ length: 200 }, (_, k) => (item.days as { from: number }).from + k * (item.days as { every: number }).every);
      for (const day of days.filter((d) => !('until' in item.days) || item.days.until === undefined || d <= item.days.until)) {
        const dueDate = addCalendarDays(localDate(anchor.at, zone), day);
        const opens = startOfLocalDay(addCalendarDays(dueDate, -item.window.daysBefore), zone);
        const closes = endOfLocalDay(addCalendarDays(dueDate, item.window.daysAfter), zone);
        if (!isAfter(now, closes)) break;
        if (!anchor.results.some((t) => !isBefore(t, opens) && !isAfter(t, closes))) fire('ASSESSMENT_OVERDUE', addDays(anchor.at, day + item.window.daysAfter));
      }
    }
  }
}
