import type { CarePlan, Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { ResearchMeasurementRow, ResearchRecord } from '@poems/read-models';
import { concept, LAB_LOINC, local, LOINC, quantity, RESULT_CODES } from '../mapping/fhir-codes';

/** Marks every exported resource as pseudonymised (HL7 v3 ObservationValue PSEUDED). */
const DEIDENTIFIED = { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'PSEUDED', display: 'pseudonymized' }] };
export const EXPORT_TYPES = ['Patient', 'CarePlan', 'Observation'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/**
 * The Bulk Data export drawn from the research views only: patients by pseudonym, dates shifted
 * per patient and kept to the day, no name, MRN, birth date, care team, patient or event id.
 */
export function researchResources(record: ResearchRecord): Record<ExportType, Resource[]> {
  const { patient, measurements } = record;
  const subject = { reference: `Patient/${patient.pseudoId}` };
  const fhirPatient: Patient = { resourceType: 'Patient', id: patient.pseudoId, meta: DEIDENTIFIED, gender: patient.sex as Patient['gender'] };
  const plan: CarePlan = {
    resourceType: 'CarePlan',
    id: `plan-${patient.pseudoId}`,
    meta: DEIDENTIFIED,
    status: patient.regimenEndedOn ? 'completed' : 'active',
    intent: 'plan',
    title: patient.arm,
    description: `Age band ${patient.ageBand}${patient.halfDose ? ', half doses' : ''}; protocol ${patient.protocolId} v${patient.protocolVersion}`,
    category: [concept(local('regimen'), patient.arm)],
    subject,
    period: { start: patient.treatmentStartedOn ?? patient.enrolledOn, ...(patient.regimenEndedOn && { end: patient.regimenEndedOn }) },
  };
  return { Patient: [fhirPatient], CarePlan: [plan], Observation: measurements.map((row) => observationOf(row, subject)) };
}

function observationOf(row: ResearchMeasurementRow, subject: { reference: string }): Observation {
  const base: Observation = { resourceType: 'Observation', id: row.key, meta: DEIDENTIFIED, status: 'final', code: { text: row.kind }, subject, effectiveDateTime: row.measuredOn };
  switch (row.kind) {
    case 'VEGF':
      return {
        ...base,
        code: concept(LOINC, LAB_LOINC.VEGF.code, LAB_LOINC.VEGF.display, 'VEGF'),
        valueQuantity: quantity(row.value!, row.unit ?? 'pg/mL'),
        ...(row.upperLimitOfNormal !== null && { referenceRange: [{ high: quantity(row.upperLimitOfNormal, row.unit ?? 'pg/mL') }] }),
      };
    case 'M_PROTEIN_IFE':
      return { ...base, code: concept(LOINC, LAB_LOINC.M_PROTEIN_IFE.code, LAB_LOINC.M_PROTEIN_IFE.display, 'Immunofixation'), valueCodeableConcept: { coding: [RESULT_CODES[row.result ?? 'negative']] } };
    case 'ONLS':
      return { ...base, code: concept(local('assessment'), 'ONLS', undefined, 'Overall Neuropathy Limitations Scale'), valueInteger: row.value! };
    case 'CMAP':
      return {
        ...base,
        code: concept(local('assessment'), 'NERVE_CONDUCTION', undefined, 'CMAP amplitude'),
        valueQuantity: quantity(row.value!, 'mV'),
        ...(row.nerve && { bodySite: { text: [row.side, row.nerve].filter(Boolean).join(' ') } }),
      };
  }
}
