import type { DexamethasoneEntry, MilestoneEntry, ThalidomideEntry } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num } from '../rule-support';

type FindingFor = (eventId: string, time: string, summary: string) => AlertFinding;

const offProtocol: FindingFor = (eventId, clinicalTime, summary) =>
  finding({ rule: 'DOSE_OFF_PROTOCOL', severity: 'warning', episodeKey: eventId, clinicalTime, summary, evidence: [eventId] });

function thalidomideFinding(t: ThalidomideEntry): AlertFinding {
  const summary =
    `Thalidomide ${num(t.mgPerDay)} mg/day from ${day(t.effectiveAt)} (${t.phase.toLowerCase()}); ` +
    `protocol dose ${num(t.protocolMgPerDay)} mg/day`;
  return offProtocol(t.eventId, t.effectiveAt, summary);
}

function dexamethasoneFinding(d: DexamethasoneEntry): AlertFinding {
  const summary =
    `Dexamethasone ${num(d.doseMg)} mg given ${day(d.givenAt)}; ` +
    `protocol dose ${num(d.protocolDoseMg)} mg (${num(d.mgPerM2)} mg/m² × ${num(d.bsaM2)} m²)`;
  return offProtocol(d.eventId, d.givenAt, summary);
}

function transplantDrugFinding(m: MilestoneEntry): AlertFinding | undefined {
  const given =
    m.cyclophosphamideMg !== undefined
      ? { drug: 'Cyclophosphamide', mg: m.cyclophosphamideMg }
      : m.melphalanMg !== undefined
        ? { drug: 'Melphalan', mg: m.melphalanMg }
        : undefined;
  if (!given || m.protocolDoseMg === undefined) return undefined;
  const basis = m.bsaM2 === undefined ? '' : ` for ${num(m.bsaM2)} m²`;
  const summary = `${given.drug} ${num(given.mg)} mg given ${day(m.occurredAt)}; protocol total ${num(m.protocolDoseMg)} mg${basis}`;
  return offProtocol(m.eventId, m.occurredAt, summary);
}

/**
 * DOSE_OFF_PROTOCOL (warning). Every recorded dose whose recorded `withinTolerance` is false while
 * it is on the patient's arm: thalidomide changes to a dose > 0, dexamethasone doses, and the
 * cyclophosphamide / melphalan totals of transplant milestones. Off-arm doses are ARM_MISMATCH's.
 * One episode per dose; a correction that brings the dose within tolerance removes the finding.
 */
export const doseOffProtocol = defineRule(({ state }) => {
  const thalidomide = state.thalidomide.filter((t) => t.mgPerDay > 0 && !t.withinTolerance && t.onProtocolArm).map(thalidomideFinding);
  const dexamethasone = state.dexamethasone.filter((d) => !d.withinTolerance && d.onProtocolArm).map(dexamethasoneFinding);
  const transplant = state.milestones
    .filter((m) => m.withinTolerance === false && m.onProtocolArm)
    .flatMap((m) => transplantDrugFinding(m) ?? []);
  return evaluation([...thalidomide, ...dexamethasone, ...transplant]);
});
