import { assertNever, toMs } from '@poems/kernel';
import { regimenDexamethasone, type EnrolmentSummary } from '@poems/patient';
import { armFor, type Arm } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding } from '../rule-support';

export function armLabel(arm: Arm): string {
  switch (arm) {
    case 'AUTO_PBSCT':
      return 'Auto-PBSCT';
    case 'THALIDOMIDE_DEXAMETHASONE':
      return 'thalidomide + dexamethasone';
    default:
      return assertNever(arm, 'arm');
  }
}

const mismatch = (episodeKey: string, clinicalTime: string, summary: string, evidence: string[]): AlertFinding =>
  finding({ rule: 'ARM_MISMATCH', severity: 'warning', episodeKey, clinicalTime, summary, evidence });

const assigned = (enrolment: EnrolmentSummary) => `assigned ${armLabel(enrolment.arm)} (age ${enrolment.ageAtEnrolment})`;

/**
 * ARM_MISMATCH (warning). A treatment the guideline does not assign to the patient: the first
 * thalidomide (> 0 mg/day) or regimen dexamethasone entry off the patient's arm ('drug-therapy';
 * supportive dexamethasone, e.g. an antiemetic with melphalan, is not the regimen), the first
 * transplant milestone off it ('transplant'), and an enrolment whose corrected birth date puts the
 * patient in another arm's age band ('enrolment'). Each once; acknowledgement closes it.
 */
export const armMismatch = defineRule(({ state, enrolment, protocol, zone }) => {
  const findings: AlertFinding[] = [];
  const drugs = [
    ...state.thalidomide.filter((t) => t.mgPerDay > 0 && !t.onProtocolArm).map((t) => ({ drug: 'Thalidomide', at: t.effectiveAt, id: t.eventId })),
    ...regimenDexamethasone(state).filter((d) => !d.onProtocolArm).map((d) => ({ drug: 'Dexamethasone', at: d.givenAt, id: d.eventId })),
  ].sort((a, b) => toMs(a.at) - toMs(b.at));
  const firstDrug = drugs[0];
  if (firstDrug) {
    const summary = `${firstDrug.drug} started ${day(firstDrug.at, zone)} off arm: patient ${assigned(enrolment)}`;
    findings.push(mismatch('drug-therapy', firstDrug.at, summary, [firstDrug.id]));
  }
  const milestone = state.milestones.find((m) => !m.onProtocolArm);
  if (milestone) {
    const step = milestone.milestone.toLowerCase().replace(/_/g, ' ');
    const summary = `Transplant step (${step}) on ${day(milestone.occurredAt, zone)} off arm: patient ${assigned(enrolment)}`;
    findings.push(mismatch('transplant', milestone.occurredAt, summary, [milestone.eventId]));
  }
  if (enrolment.armNoLongerMatchesAge) {
    const ageArm = armFor(protocol, enrolment.ageAtEnrolment, enrolment.transplantIneligibleReason).arm;
    const summary =
      `Corrected age ${enrolment.ageAtEnrolment} at enrolment assigns ${armLabel(ageArm)}; ` +
      `patient stays on ${armLabel(enrolment.arm)}: review the arm`;
    const evidence = enrolment.correctedBy === undefined ? [enrolment.eventId] : [enrolment.eventId, enrolment.correctedBy];
    findings.push(mismatch('enrolment', enrolment.enrolledAt, summary, evidence));
  }
  return evaluation(findings);
});
