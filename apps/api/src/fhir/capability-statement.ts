import type { CapabilityStatement } from '@medplum/fhirtypes';
import { PATIENT_RESOURCE_TYPES } from './fhir-search';
import { local } from './mapping/fhir-codes';

const SEARCH_PARAMS = [
  { name: 'patient', type: 'reference' as const, documentation: 'Required: the patient (Patient/<id> or <id>); `subject` is the same' },
  { name: 'code', type: 'token' as const, documentation: 'system|code, or code; comma-separated for any of them' },
  { name: 'date', type: 'date' as const, documentation: 'Clinical time, with prefixes eq, ne, gt, ge, lt, le; repeat for a range' },
  { name: '_count', type: 'number' as const, documentation: 'Page size (default 50, at most 500)' },
];

/** What each type holds (a reader's guide; the README says the same). */
const CONTENTS: Readonly<Record<(typeof PATIENT_RESOURCE_TYPES)[number], string>> = {
  Observation: 'Labs (LOINC, UCUM, reference range, interpretation), ONLS, nerve conduction, CT effusions, oedema, vital signs, BSA, ECOG, engraftment',
  MedicationRequest: 'Each thalidomide dose change (RxNorm 10432), active until the next',
  MedicationAdministration: 'Dexamethasone doses (RxNorm 3264) with their indication (reasonCode: regimen cycle or supportive) and cycle',
  MedicationDispense: 'Thalidomide dispensings: quantity (mg) and daysSupply (TERMS / REMS: at most 28 days)',
  MedicationStatement: 'Thromboprophylaxis periods: agent (aspirin, warfarin with RxNorm; LMWH, DOAC as recorded classes), start and stop with its reason',
  Procedure: 'Mobilisation, apheresis, conditioning, stem cell infusion; transfusions (SNOMED CT 12719002 platelets, 116863004 red cells)',
  CarePlan: 'The regimen: arm, protocol, one activity per dexamethasone cycle',
  DetectedIssue: 'Alerts: rule, severity, evidence, acknowledgement and resolution',
  Provenance: 'Per event: author and role, door, recorded and clinical times, reason; corrections name the revised resource',
  AdverseEvent: `Adverse events: CTCAE grade as severity, outcome, attribution as suspectEntity causality; extensions ${local('StructureDefinition/adverse-event-resolved-at')} and ${local('StructureDefinition/adverse-event-action-taken')}`,
};

/** GET /fhir/R4/metadata: what this server supports (read, search, $everything, Bulk Data $export). */
export function capabilityStatement(base: string, version: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-28',
    publisher: 'POEMS monitoring',
    kind: 'instance',
    software: { name: 'poems-monitor', version },
    implementation: { description: 'POEMS syndrome monitoring: read-only FHIR R4 view of the event-sourced record', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth', display: 'OAuth' }] }],
          description:
            'The same bearer tokens as /v1: clinicians read their care teams’ patients, auditors and admins all; every read is recorded in the access log. ' +
            'Bulk $export is for researchers and admins and is de-identified.',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: '_id', type: 'token' },
              { name: 'identifier', type: 'token', documentation: 'The MRN: <system>|<value> or <value>' },
            ],
            operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }],
          },
          ...PATIENT_RESOURCE_TYPES.map((type) => ({ type, documentation: CONTENTS[type], interaction: [{ code: 'read' as const }, { code: 'search-type' as const }], searchParam: SEARCH_PARAMS })),
        ],
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
      },
    ],
  };
}
