import type { CodeableConcept, Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import { badRequest } from '../http/http-problem';
import { countField, plainTextField } from '../http/query-fields';

/** The resource types this server answers, besides Patient. */
export const PATIENT_RESOURCE_TYPES = [
  'Observation',
  'MedicationRequest',
  'MedicationAdministration',
  'MedicationDispense',
  'MedicationStatement',
  'Procedure',
  'CarePlan',
  'DetectedIssue',
  'Provenance',
  'AdverseEvent',
] as const;
export const RESOURCE_TYPES = ['Patient', ...PATIENT_RESOURCE_TYPES] as const;
export type FhirResourceType = (typeof RESOURCE_TYPES)[number];

const DATE = /^(eq|ne|gt|lt|ge|le|sa|eb)?(\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?)$/;
const oneOrMany = (schema: z.ZodType<string>) => z.union([schema, z.array(schema).max(10)]).transform((value) => (Array.isArray(value) ? value : [value]));

export const searchQuerySchema = z.strictObject({
  patient: plainTextField(100).optional(),
  subject: plainTextField(100).optional(),
  code: plainTextField(200).optional(),
  date: oneOrMany(z.string().regex(DATE, 'a FHIR date such as ge2024-01-01 or 2024-03-01T09:00:00Z')).optional(),
  _id: plainTextField(64).optional(),
  identifier: plainTextField(200).optional(),
  _count: countField({ min: 1, max: 500 }).optional(),
  _offset: countField({ min: 0, max: 1_000_000 }).optional(),
  _format: z.enum(['json', 'application/fhir+json', 'application/json']).optional(),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

/** `Patient/<id>` or `<id>` → the id. */
export function patientParam(query: SearchQuery): string | undefined {
  const value = query.patient ?? query.subject;
  return value?.replace(/^Patient\//, '');
}

/** The code and date each type is searched by. */
function codesOf(resource: Resource): CodeableConcept[] {
  switch (resource.resourceType) {
    case 'Observation':
    case 'Procedure':
    case 'DetectedIssue':
      return resource.code ? [resource.code] : [];
    case 'MedicationRequest':
    case 'MedicationAdministration':
    case 'MedicationDispense':
    case 'MedicationStatement':
      return resource.medicationCodeableConcept ? [resource.medicationCodeableConcept] : [];
    case 'CarePlan':
      return resource.category ?? [];
    case 'AdverseEvent':
      return resource.event ? [resource.event] : [];
    default:
      return [];
  }
}

function dateOf(resource: Resource): string | undefined {
  switch (resource.resourceType) {
    case 'Observation':
      return resource.effectiveDateTime;
    case 'MedicationRequest':
      return resource.authoredOn;
    case 'MedicationAdministration':
      return resource.effectiveDateTime;
    case 'MedicationDispense':
      return resource.whenHandedOver;
    case 'MedicationStatement':
      return resource.effectivePeriod?.start;
    case 'Procedure':
      return resource.performedDateTime;
    case 'CarePlan':
      return resource.period?.start;
    case 'DetectedIssue':
      return resource.identifiedDateTime;
    case 'Provenance':
      return resource.recorded;
    case 'AdverseEvent':
      return resource.date;
    default:
      return undefined;
  }
}

function codeMatches(resource: Resource, token: string): boolean {
  const [system, code] = token.includes('|') ? (token.split('|', 2) as [string, string]) : [undefined, token];
  return codesOf(resource).some((concept) => (concept.coding ?? []).some((coding) => coding.code === code && (system === undefined || system === '' || coding.system === system)));
}

/** The instant range a FHIR date value covers (2024 = the whole year, in UTC). */
function rangeOf(value: string): [number, number] {
  const start = Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value);
  if (Number.isNaN(start)) throw badRequest('INVALID_SEARCH', `date ${value} is not a date`, [{ field: 'date', message: 'not a real date' }]);
  const end = value.length === 4 ? Date.UTC(Number(value) + 1, 0, 1) : value.length === 7 ? Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)), 1) : value.length === 10 ? start + 86_400_000 : start + 1;
  return [start, end];
}

function dateMatches(resource: Resource, expression: string): boolean {
  const at = dateOf(resource);
  if (!at) return false;
  const [, prefix = 'eq', value] = DATE.exec(expression)!;
  const time = Date.parse(at);
  const [start, end] = rangeOf(value!);
  switch (prefix) {
    case 'eq':
      return time >= start && time < end;
    case 'ne':
      return time < start || time >= end;
    case 'gt':
    case 'sa':
      return time >= end;
    case 'ge':
      return time >= start;
    case 'lt':
    case 'eb':
      return time < start;
    case 'le':
      return time < end;
    default:
      return false;
  }
}

export function matches(resource: Resource, query: SearchQuery): boolean {
  if (query._id && resource.id !== query._id) return false;
  if (query.code && !query.code.split(',').some((token) => codeMatches(resource, token))) return false;
  return (query.date ?? []).every((expression) => dateMatches(resource, expression));
}
