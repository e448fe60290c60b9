import { type IsoTime, type TimeZone } from '@poems/kernel';
import { milestoneOf, milestonesOf, type Milestone, type MilestoneEntry, type PatientState } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { clinicDayAfter, day, defineRule, evaluation, expectBy, finding } from '../rule-support';

const name = (m: Milestone) => m.toLowerCase().replace(/_/g, ' ');

/** A step expected by the end of the clinic day `days` after an earlier one; `episodeKey` keeps each step apart. */
function stepOverdue(
  state: PatientState,
  now: IsoTime,
  zone: TimeZone,
  after: MilestoneEntry,
  days: number,
  next: Milestone,
  episodeKey: string,
  evidence: string[],
): { finding?: AlertFinding; deadline?: IsoTime } {
  const due = clinicDayAfter(after.occurredAt, days, zone);
  const done = milestoneOf(state, next);
  const met = done && { at: done.occurredAt, because: `${name(next)} recorded ${day(done.occurredAt, zone)}` };
  const outcome = expectBy(due.end, met, state.ended, now, zone);
  if (outcome.status === 'MET') return {};
  if (outcome.status === 'PENDING') return { deadline: outcome.deadline };
  const summary = `${name(next)[0]!.toUpperCase()}${name(next).slice(1)} not recorded by ${due.date}, ${days} days after ${name(after.milestone)} on ${day(after.occurredAt, zone)}`;
  return {
    finding: finding({ rule: 'PBSCT_MILESTONE_OVERDUE', severity: 'warning', episodeKey, clinicalTime: due.at, summary, evidence }, outcome.clearing),
  };
}

/**
 * PBSCT_MILESTONE_OVERDUE (warning, time-driven). Each transplant step expected by the end of the
 * clinic day so many days after the one before, while the regimen had not ended: apheresis
 * `apheresisDueDaysAfterMobilisation` after mobilisation (episode `apheresis:<mobilisation id>`);
 * conditioning `conditioningDueDaysAfterApheresis` after the last apheresis of the collection
 * (episode: the first apheresis's id, as before issue 16); infusion
 * `infusionDueDaysAfterConditioning` after conditioning (episode `infusion:<conditioning id>`).
 * Dated at the earlier step's clock time on the due day. Cleared by the step (late) or the regimen's end.
 */
export const pbsctMilestoneOverdue = defineRule(({ state, protocol, now, zone }) => {
  const steps = [];
  const mobilisation = milestoneOf(state, 'MOBILISATION');
  const aphereses = milestonesOf(state, 'APHERESIS');
  const conditioning = milestoneOf(state, 'CONDITIONING');
  const { apheresisDueDaysAfterMobilisation, infusionDueDaysAfterConditioning } = protocol.transplantSteps;
  if (mobilisation) steps.push(stepOverdue(state, now, zone, mobilisation, apheresisDueDaysAfterMobilisation, 'APHERESIS', `apheresis:${mobilisation.eventId}`, [mobilisation.eventId]));
  const first = aphereses[0];
  const last = aphereses.at(-1);
  if (first && last) {
    const days = protocol.transplant.conditioningDueDaysAfterApheresis;
    steps.push(stepOverdue(state, now, zone, last, days, 'CONDITIONING', first.eventId, [...new Set([first.eventId, last.eventId])]));
  }
  if (conditioning) steps.push(stepOverdue(state, now, zone, conditioning, infusionDueDaysAfterConditioning, 'STEM_CELL_INFUSION', `infusion:${conditioning.eventId}`, [conditioning.eventId]));
  return evaluation(
    steps.flatMap((s) => (s.finding ? [s.finding] : [])),
    steps.flatMap((s) => (s.deadline ? [s.deadline] : [])),
  );
});
