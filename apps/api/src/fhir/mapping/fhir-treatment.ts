import type { CarePlan, CarePlanActivity, CodeableConcept, MedicationAdministration, MedicationRequest, Observation, Procedure } from '@medplum/fhirtypes';
import { type CyclePosition, type DexamethasoneEntry, dexamethasoneCycles, type MilestoneEntry, type PatientState, type RegimenDexamethasoneEntry, type ThalidomideEntry } from '@poems/patient';
import { category, concept, constantCase, local, quantity, RXNORM } from './fhir-codes';
import type { MappingContext } from './fhir-context';

export const THALIDOMIDE = concept(RXNORM, '10432', 'thalidomide', 'Thalidomide');
const DEXAMETHASONE = concept(RXNORM, '3264', 'dexamethasone', 'Dexamethasone');

/** Each thalidomide dose change is an order: active until the next change supersedes it. */
export function thalidomideRequest(entry: ThalidomideEntry, next: ThalidomideEntry | undefined, ctx: MappingContext, ended: boolean): MedicationRequest {
  const status = entry.mgPerDay === 0 ? 'stopped' : next || ended ? 'completed' : 'active';
  return {
    resourceType: 'MedicationRequest',
    id: ctx.idOf(entry.eventId),
    meta: { lastUpdated: ctx.lastUpdated(entry) },
    status,
    intent: 'order',
    medicationCodeableConcept: THALIDOMIDE,
    subject: ctx.subject,
    authoredOn: entry.effectiveAt,
    ...(entry.reason && { reasonCode: [{ text: entry.reason }] }),
    note: [{ text: `${constantCase(entry.phase)}: ${entry.previousMgPerDay} → ${entry.mgPerDay} mg/day (protocol ${entry.protocolMgPerDay} mg/day${entry.withinTolerance ? '' : ', outside tolerance'})` }],
    dosageInstruction: [
      {
        text: `${entry.mgPerDay} mg once a day`,
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', boundsPeriod: { start: entry.effectiveAt, ...(next && { end: next.effectiveAt }) } } },
        route: { text: 'oral' },
        doseAndRate: [{ doseQuantity: quantity(entry.mgPerDay, 'mg') }],
      },
    ],
  };
}

/** Why a dose was given: the regimen's cycle, or supportive care (never a cycle, never judged against the regimen). */
const DEXAMETHASONE_INDICATIONS: Readonly<Record<'REGIMEN' | 'SUPPORTIVE', CodeableConcept>> = {
  REGIMEN: concept(local('dexamethasone-indication'), 'REGIMEN', 'Regimen dose', 'POEMS syndrome regimen: thalidomide with dexamethasone, one cycle'),
  SUPPORTIVE: concept(local('dexamethasone-indication'), 'SUPPORTIVE', 'Supportive dose', 'Supportive care (antiemetic or treatment of a complication), outside the regimen'),
};

export function dexamethasoneAdministration(entry: DexamethasoneEntry, ctx: MappingContext, cycle?: CyclePosition): MedicationAdministration {
  const note =
    entry.indication === 'SUPPORTIVE'
      ? 'Supportive dose (antiemetic or treatment of a complication): not part of a regimen cycle'
      : `${cycle ? `Cycle ${cycle.cycleNumber}, day ${cycle.cycleDay}; ` : ''}protocol dose ${entry.protocolDoseMg} mg (${entry.mgPerM2} mg/m² × BSA ${entry.bsaM2} m²)${entry.withinTolerance ? '' : ', outside tolerance'}`;
  return {
    resourceType: 'MedicationAdministration',
    id: ctx.idOf(entry.eventId),
    meta: { lastUpdated: ctx.lastUpdated(entry) },
    status: 'completed',
    medicationCodeableConcept: DEXAMETHASONE,
    subject: ctx.subject,
    effectiveDateTime: entry.givenAt,
    reasonCode: [DEXAMETHASONE_INDICATIONS[entry.indication ?? 'REGIMEN']],
    note: [{ text: note }],
    dosage: { route: { text: 'oral' }, dose: quantity(entry.doseMg, 'mg') },
  };
}

const PROCEDURES = new Set(['MOBILISATION', 'APHERESIS', 'CONDITIONING', 'STEM_CELL_INFUSION']);

/** Mobilisation, apheresis, conditioning and infusion are procedures; engraftment is an observation. */
export function milestoneResource(entry: MilestoneEntry, ctx: MappingContext): Procedure | Observation {
  const code = concept(local('transplant-milestone'), entry.milestone, constantCase(entry.milestone), constantCase(entry.milestone));
  const details = [
    entry.cyclophosphamideMg !== undefined && `cyclophosphamide ${entry.cyclophosphamideMg} mg`,
    entry.melphalanMg !== undefined && `melphalan ${entry.melphalanMg} mg`,
    entry.cd34PerKg !== undefined && `CD34+ ${entry.cd34PerKg} × 10⁶/kg`,
  ].filter((detail): detail is string => Boolean(detail));
  const common = { id: ctx.idOf(entry.eventId), meta: { lastUpdated: ctx.lastUpdated(entry) }, subject: ctx.subject, ...(details.length && { note: [{ text: details.join('; ') }] }) };
  if (PROCEDURES.has(entry.milestone)) return { resourceType: 'Procedure', ...common, status: 'completed', code, performedDateTime: entry.occurredAt };
  return { resourceType: 'Observation', ...common, status: entry.correctedBy ? 'corrected' : 'final', category: category('laboratory'), code, effectiveDateTime: entry.occurredAt, valueBoolean: true };
}

/** The regimen: the arm's plan, from enrolment to its end, with one activity per dexamethasone cycle. */
export function regimenCarePlan(state: PatientState, ctx: MappingContext): CarePlan | undefined {
  const enrolment = state.enrolment;
  if (!enrolment) return undefined;
  // Regimen doses by the cycles recomputed from the current history (supportive doses are no cycle).
  const cycles = new Map<number, RegimenDexamethasoneEntry[]>();
  const startedAt = new Map<number, string>();
  for (const { dose, cycleNumber, cycleStartedAt } of dexamethasoneCycles(state).doses) {
    cycles.set(cycleNumber, [...(cycles.get(cycleNumber) ?? []), dose]);
    startedAt.set(cycleNumber, startedAt.get(cycleNumber) ?? cycleStartedAt);
  }
  const activity: CarePlanActivity[] = [...cycles.entries()].map(([cycle, doses]) => ({
    outcomeReference: doses.map((dose) => ({ reference: `MedicationAdministration/${ctx.idOf(dose.eventId)}` })),
    detail: {
      kind: 'MedicationRequest',
      code: { text: `Dexamethasone cycle ${cycle}` },
      status: 'completed',
      scheduledPeriod: { start: startedAt.get(cycle)!, end: doses.at(-1)!.givenAt },
      productCodeableConcept: DEXAMETHASONE,
    },
  }));
  return {
    resourceType: 'CarePlan',
    id: ctx.idOf(enrolment.eventId),
    meta: { lastUpdated: ctx.lastUpdated(enrolment) },
    status: state.ended ? 'completed' : 'active',
    intent: 'plan',
    title: `${constantCase(enrolment.arm)} (${enrolment.protocol.id} v${enrolment.protocol.version})`,
    description: `Arm ${enrolment.arm} by ${enrolment.armReason === 'AGE' ? 'age' : 'transplant ineligibility'}; dose factor ${enrolment.ageBand.doseFactor}`,
    category: [concept(local('regimen'), enrolment.arm, constantCase(enrolment.arm))],
    subject: ctx.subject,
    period: { start: enrolment.enrolledAt, ...(state.ended && { end: state.ended.endedAt }) },
    created: enrolment.recordedAt,
    ...(activity.length && { activity }),
  };
}
