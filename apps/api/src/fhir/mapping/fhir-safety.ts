import type { CodeableConcept, MedicationDispense, MedicationStatement, Procedure } from '@medplum/fhirtypes';
import { isAfter, isBefore } from '@poems/kernel';
import type { DispensingEntry, ThromboprophylaxisStartEntry, ThromboprophylaxisStopEntry, TransfusionEntry } from '@poems/patient';
import { concept, local, quantity, RXNORM, SNOMED, UCUM } from './fhir-codes';
import type { Mapped, MappingContext } from './fhir-context';
import { THALIDOMIDE } from './fhir-treatment';

/**
 * The thalidomide safety programme and supportive care in FHIR (issue 12's facts): dispensings as
 * MedicationDispense, thromboprophylaxis as MedicationStatement periods, transfusions as Procedure.
 */

/** A dispensing: mg/day × days supplied, at most 28 days under TERMS / REMS. */
export function thalidomideDispense(entry: DispensingEntry, ctx: MappingContext): MedicationDispense {
  return {
    resourceType: 'MedicationDispense',
    id: ctx.idOf(entry.eventId),
    meta: { lastUpdated: ctx.lastUpdated(entry) },
    status: 'completed',
    medicationCodeableConcept: THALIDOMIDE,
    subject: ctx.subject,
    whenHandedOver: entry.dispensedAt,
    quantity: quantity(entry.mgPerDay * entry.daysSupply, 'mg'),
    daysSupply: { value: entry.daysSupply, unit: 'days', system: UCUM, code: 'd' },
    dosageInstruction: [{ text: `${entry.mgPerDay} mg once a day`, timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, route: { text: 'oral' }, doseAndRate: [{ doseQuantity: quantity(entry.mgPerDay, 'mg') }] }],
  };
}

/**
 * The agents as recorded. Aspirin and warfarin are single drugs and carry their RxNorm ingredient
 * codes; LMWH and DOAC are classes (the record does not say which enoxaparin, dalteparin, apixaban,
 * rivaroxaban…), so they keep this system's code only rather than claim a drug nobody recorded.
 */
const AGENTS: Readonly<Record<ThromboprophylaxisStartEntry['agent'], CodeableConcept>> = {
  ASPIRIN: { coding: [{ system: local('thromboprophylaxis-agent'), code: 'ASPIRIN', display: 'Aspirin' }, { system: RXNORM, code: '1191', display: 'aspirin' }], text: 'Aspirin' },
  WARFARIN: { coding: [{ system: local('thromboprophylaxis-agent'), code: 'WARFARIN', display: 'Warfarin' }, { system: RXNORM, code: '11289', display: 'warfarin' }], text: 'Warfarin' },
  LMWH: concept(local('thromboprophylaxis-agent'), 'LMWH', 'Low-molecular-weight heparin', 'Low-molecular-weight heparin (agent not recorded)'),
  DOAC: concept(local('thromboprophylaxis-agent'), 'DOAC', 'Direct oral anticoagulant', 'Direct oral anticoagulant (agent not recorded)'),
};

const byTime = <T>(time: (entry: T) => string) => (a: T, b: T) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0);

/**
 * Each start with the stop that ended it (the first stop at or after it, before the next start) is
 * one MedicationStatement over that period; the stop has no resource of its own, its event changes
 * the start's statement (Provenance points there).
 */
export function thromboprophylaxisStatements(starts: ReadonlyArray<ThromboprophylaxisStartEntry>, stops: ReadonlyArray<ThromboprophylaxisStopEntry>, ctx: MappingContext): Mapped<MedicationStatement>[] {
  const sortedStarts = [...starts].sort(byTime((s) => s.startedAt));
  const sortedStops = [...stops].sort(byTime((s) => s.stoppedAt));
  return sortedStarts.map((start, i) => {
    const next = sortedStarts[i + 1];
    const stop = sortedStops.find((s) => !isBefore(s.stoppedAt, start.startedAt) && (!next || !isAfter(s.stoppedAt, next.startedAt)));
    const updated = [ctx.lastUpdated(start), ...(stop ? [ctx.lastUpdated(stop)] : [])].sort().at(-1)!;
    return {
      eventId: start.eventId,
      alsoFrom: stop ? [stop.eventId] : [],
      resource: {
        resourceType: 'MedicationStatement',
        id: ctx.idOf(start.eventId),
        meta: { lastUpdated: updated },
        status: stop ? 'stopped' : 'active',
        ...(stop && { statusReason: [{ text: stop.reason }] }),
        medicationCodeableConcept: AGENTS[start.agent],
        subject: ctx.subject,
        effectivePeriod: { start: start.startedAt, ...(stop && { end: stop.stoppedAt }) },
        dateAsserted: start.recordedAt,
        reasonCode: [{ text: 'Thromboprophylaxis: venous thromboembolism prevention on thalidomide with dexamethasone (IMWG)' }],
      },
    };
  });
}

/** SNOMED CT procedures of the products recorded. */
const TRANSFUSIONS: Readonly<Record<TransfusionEntry['product'], CodeableConcept>> = {
  PLATELETS: concept(SNOMED, '12719002', 'Platelet transfusion (procedure)', 'Platelet transfusion'),
  RED_CELLS: concept(SNOMED, '116863004', 'Transfusion of red blood cells (procedure)', 'Red cell transfusion'),
};

export function transfusionProcedure(entry: TransfusionEntry, ctx: MappingContext): Procedure {
  const units = entry.units ?? 1;
  return {
    resourceType: 'Procedure',
    id: ctx.idOf(entry.eventId),
    meta: { lastUpdated: ctx.lastUpdated(entry) },
    status: 'completed',
    category: concept(SNOMED, '116859006', 'Transfusion of blood product (procedure)'),
    code: TRANSFUSIONS[entry.product],
    subject: ctx.subject,
    performedDateTime: entry.givenAt,
    note: [{ text: `${units} unit${units === 1 ? '' : 's'}` }],
  };
}
