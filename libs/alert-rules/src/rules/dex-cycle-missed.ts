import { addDays, type IsoTime } from '@poems/kernel';
import { dexamethasoneCycles } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, expectBy, finding } from '../rule-support';

/**
 * DEX_CYCLE_MISSED (warning, time-driven). Each cycle's next start is due cycle length after its
 * first dose; missed when no next cycle starts by due + grace (inclusive). Cycles come from
 * `dexamethasoneCycles`, recomputed from the current (corrected) history.
 */
export const dexCycleMissed = defineRule(({ state, protocol, now }) => {
  const { cycleLengthDays, graceDays } = protocol.dexamethasone;
  const starts = dexamethasoneCycles(state).filter((c) => c.cycleDay === 1);
  const findings: AlertFinding[] = [];
  const deadlines: IsoTime[] = [];
  starts.forEach((cycle, i) => {
    const next = starts[i + 1];
    const due = addDays(cycle.dose.givenAt, cycleLengthDays);
    const by = addDays(due, graceDays);
    const met = next && { at: next.dose.givenAt, because: `dexamethasone given ${day(next.dose.givenAt)}` };
    const outcome = expectBy(by, met, state.ended, now);
    if (outcome.status === 'PENDING') deadlines.push(outcome.deadline);
    if (outcome.status !== 'MISSED') return;
    const summary =
      `Dexamethasone cycle ${cycle.cycleNumber + 1} due ${day(due)} not started by ${day(by)} ` +
      `(${cycleLengthDays}-day cycle + ${graceDays} days grace; last cycle ${day(cycle.dose.givenAt)})`;
    findings.push(
      finding(
        {
          rule: 'DEX_CYCLE_MISSED',
          severity: 'warning',
          episodeKey: `due:${due}`,
          clinicalTime: due,
          summary,
          evidence: [cycle.dose.eventId],
        },
        outcome.clearing,
      ),
    );
  });
  return evaluation(findings, deadlines);
});
