import type { CapabilityStatement } from '@medplum/fhirtypes';
import { PATIENT_RESOURCE_TYPES } from './fhir-search';

const SEARCH_PARAMS = [
  { name: 'patient', type: 'reference' as const, documentation: 'Required: the patient (Patient/<id> or <id>); `subject` is the same' },
  { name: 'code', type: 'token' as const, documentation: 'system|code, or code; comma-separated for any of them' },
  { name: 'date', type: 'date' as const, documentation: 'Clinical time, with prefixes eq, ne, gt, ge, lt, le; repeat for a range' },
  { name: '_count', type: 'number' as const, documentation: 'Page size (default 50, at most 500)' },
];

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
          ...PATIENT_RESOURCE_TYPES.map((type) => ({ type, interaction: [{ code: 'read' as const }, { code: 'search-type' as const }], searchParam: SEARCH_PARAMS })),
        ],
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
      },
    ],
  };
}
