import { addCalendarDays, addDays, endOfLocalDay, isAfter, type IsoTime } from '@poems/kernel';
import { dexamethasoneCycles, scheduledDosesPerCycle } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, expectBy, finding, justAfter } from '../rule-support';

/**
 * DEX_CYCLE_MISSED (warning, time-driven), on the clinic's calendar (issue 16 items 8 and 9).
 * Cycles are anchored on the regimen's first dose (`dexamethasoneCycles`, recomputed from the
 * current history; supportive doses excluded): the next cycle is due cycleLengthDays after the
 * current one's due date (after its actual start when that was outside the grace days), and is
 * missed when it has not started by the end of the clinic day due + graceDays. Delays within grace
 * never accumulate. A cycle of several dosing days (J-POST days 1-4) with fewer doses than its
 * schedule by the end of its last dosing day (+ the late-day tolerance) is incomplete.
 */
export const dexCycleMissed = defineRule(({ state, protocol, now, zone }) => {
  const { cycleLengthDays, graceDays, schedule } = protocol.dexamethasone;
  const { doses, cycles } = dexamethasoneCycles(state);
  const findings: AlertFinding[] = [];
  const deadlines: IsoTime[] = [];
  const evidenceOf = (index: number) => [doses[index]!.dose.eventId];

  cycles.forEach((cycle, i) => {
    const next = cycles[i + 1];
    const dueDate = addCalendarDays(cycle.anchorDate, cycleLengthDays);
    const byDate = addCalendarDays(dueDate, graceDays);
    const met = next && { at: next.startedAt, because: `dexamethasone given ${day(next.startedAt, zone)}` };
    const outcome = expectBy(endOfLocalDay(byDate, zone), met, state.ended, now, zone);
    if (outcome.status === 'PENDING') deadlines.push(outcome.deadline);
    if (outcome.status !== 'MISSED') return;
    // Dated at the anchor's clock time on the due day (28 days after the first dose, as clinicians count).
    const due = addDays(cycle.anchorTime, cycleLengthDays);
    const summary =
      `Dexamethasone cycle ${cycle.cycleNumber + 1} due ${dueDate} not started by ${byDate} ` +
      `(${cycleLengthDays}-day cycle + ${graceDays} days grace; last cycle ${day(cycle.startedAt, zone)})`;
    findings.push(
      finding({ rule: 'DEX_CYCLE_MISSED', severity: 'warning', episodeKey: `due:${due}`, clinicalTime: due, summary, evidence: evidenceOf(cycle.firstDoseIndex) }, outcome.clearing),
    );
  });

  const perCycle = scheduledDosesPerCycle(schedule);
  if (perCycle > 1) {
    for (const cycle of cycles.filter((c) => c.scheduledDoses < perCycle)) {
      const by = endOfLocalDay(cycle.lastDosingDate, zone);
      if (state.ended && !isAfter(state.ended.endedAt, by)) continue;
      if (!isAfter(now, by)) {
        deadlines.push(justAfter(by));
        continue;
      }
      const days = schedule.kind === 'DAYS' ? schedule.days : [1];
      const missing = days.slice(cycle.scheduledDoses);
      const firstMissed = addDays(cycle.startedAt, missing[0]! - 1);
      const summary =
        `Dexamethasone cycle ${cycle.cycleNumber} from ${day(cycle.startedAt, zone)}: ${cycle.scheduledDoses} of ${perCycle} ` +
        `dosing days given (day ${missing.join(', ')} missing by ${cycle.lastDosingDate})`;
      findings.push(
        finding({
          rule: 'DEX_CYCLE_MISSED',
          severity: 'warning',
          episodeKey: `days:${cycle.startedAt}`,
          clinicalTime: firstMissed,
          summary,
          evidence: evidenceOf(cycle.firstDoseIndex),
        }),
      );
    }
  }
  return evaluation(findings, deadlines);
});
