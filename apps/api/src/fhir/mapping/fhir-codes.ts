import type { CodeableConcept, Coding, Patient, Quantity, Reference } from '@medplum/fhirtypes';
import type { LabTest } from '@poems/patient';

/** Code systems and the codes the FHIR view uses. Local codes live under this system's own URNs. */
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const DATA_OPERATION = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';
export const PROVENANCE_AGENT = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
/** This system's own codes: the fact kinds, assessment kinds, milestones, alert rules. */
export const local = (what: string) => `urn:poems:fhir:${what}`;
export const MRN_SYSTEM = (authority: string) => `urn:poems:mrn:${encodeURIComponent(authority.toLowerCase())}`;
export const ACCESSION_SYSTEM = 'urn:poems:accession';

/** LOINC codes of the lab tests (the compiler asks for a code for every new test). */
export const LAB_LOINC: Readonly<Record<LabTest, { code: string; display: string }>> = {
  VEGF: { code: '75628-8', display: 'Vascular endothelial growth factor A [Mass/volume] in Serum or Plasma' },
  M_PROTEIN: { code: '33358-3', display: 'Protein.monoclonal [Mass/volume] in Serum or Plasma by Electrophoresis' },
  M_PROTEIN_IFE: { code: '25700-6', display: 'Immunofixation for Serum or Plasma' },
  ANC: { code: '751-8', display: 'Neutrophils [#/volume] in Blood by Automated count' },
  PLATELETS: { code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count' },
  HEMOGLOBIN: { code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' },
  PREGNANCY_TEST: { code: '2106-3', display: 'Choriogonadotropin (pregnancy test) [Presence] in Urine' },
};

export const RESULT_CODES: Readonly<Record<'positive' | 'negative', Coding>> = {
  positive: { system: SNOMED, code: '10828004', display: 'Positive' },
  negative: { system: SNOMED, code: '260385009', display: 'Negative' },
};

export function concept(system: string, code: string, display?: string, text?: string): CodeableConcept {
  return { coding: [{ system, code, ...(display && { display }) }], ...(text && { text }) };
}

export function category(code: 'laboratory' | 'exam' | 'vital-signs' | 'imaging' | 'procedure' | 'survey'): CodeableConcept[] {
  return [concept(OBSERVATION_CATEGORY, code)];
}

/** A UCUM quantity (the units stored are UCUM already). */
export function quantity(value: number, unit: string, comparator?: Quantity['comparator']): Quantity {
  return { value, unit, system: UCUM, code: unit, ...(comparator && { comparator }) };
}

export function patientRef(patientId: string): Reference<Patient> {
  return { reference: `Patient/${patientId}` };
}

export function constantCase(text: string): string {
  return text.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
