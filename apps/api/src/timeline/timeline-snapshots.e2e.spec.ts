import { randomUUID } from 'node:crypto';
import { SNAPSHOT_EVERY } from '@poems/projections';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Time travel folds from a snapshot of the fold (a side table built by earlier reads) instead of
 * the whole stream: the answers must be exactly those of the whole fold, before and after the
 * snapshot exists, at moments before it, and after later events (a correction of a lab inside it).
 */
describe('the timeline as of a past moment, folded from snapshots', () => {
  let api: TestApi;
  let clinician: string;
  const patientId = randomUUID();
  const labs: string[] = [];
  let midway: string;
  let allLabs: string;

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withProjections: true });
    clinician = api.token('dr-sato', ['clinician'], ['haem-a']);
    const lines = [{ type: 'EnrollPatient', patientId, birthDate: '1950-06-15', sex: 'male', heightCm: 170, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2025-01-05T09:00:00Z', name: 'Ichiro Suzuki' }];
    const lab = (i: number) => ({ type: 'RecordLabResult', patientId, test: 'VEGF', value: 500 + i, unit: 'pg/mL', collectedAt: new Date(Date.parse('2025-01-06T08:00:00Z') + i * 3_600_000).toISOString(), specimen: 'serum', method: 'RIA' });
    const post = async (body: unknown[]) => {
      const response = await api.request('POST', '/v1/import', { token: clinician, raw: body.map((line) => JSON.stringify(line)).join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
      expect(response.status).toBe(200);
    };
    await post([...lines, ...Array.from({ length: SNAPSHOT_EVERY + 20 }, (_, i) => lab(i))]);
    await pause(20);
    midway = new Date().toISOString();
    await pause(20);
    await post(Array.from({ length: 30 }, (_, i) => lab(200 + i)));
    const events = await api.infra.rawStore.readStream(`patient-${patientId}`);
    labs.push(...events.filter((e) => e.type === 'LabResultRecorded').map((e) => e.eventId));
    await pause(20);
    allLabs = new Date().toISOString();
  });
  afterAll(() => api.close());

  const asOf = async (at: string) => {
    const { status, body } = await api.request('GET', `/v1/patients/${patientId}/timeline?asOf=${encodeURIComponent(at)}`, { token: clinician });
    expect({ status, body: status === 200 ? undefined : body }).toEqual({ status: 200 });
    return body;
  };
  const snapshots = async () => (await api.infra.pool.query(`SELECT revision::int AS r FROM ${api.db.schema}.timeline_snapshots WHERE patient_id = $1 ORDER BY revision`, [patientId])).rows.map((row) => row.r);

  it('answers the same before and after the snapshot it leaves behind, and at earlier moments', async () => {
    expect(await snapshots()).toEqual([]);
    const first = await asOf(allLabs);
    expect(first.labs).toHaveLength(SNAPSHOT_EVERY + 50);
    expect(await snapshots()).toEqual([SNAPSHOT_EVERY + 50]);
    expect(await asOf(allLabs)).toEqual(first);
    // Before the snapshot's moment: folded from the start (the snapshot holds later events).
    const earlier = await asOf(midway);
    expect(earlier.labs).toHaveLength(SNAPSHOT_EVERY + 20);
    expect(earlier.labs.map((l: { value: number }) => l.value)).not.toContain(700);
  });

  it('continues from the snapshot for later events, corrections of what it holds included', async () => {
    await asOf(allLabs);
    const response = await api.request('POST', `/v1/patients/${patientId}/corrections`, { token: clinician, body: { correctsEventId: labs[3], reason: 'typo', value: 1234 } });
    expect(response.status).toBe(201);
    await pause(20);
    const at = new Date().toISOString();
    const now = await asOf(at);
    expect(now.labs.find((l: { eventId: string }) => l.eventId === labs[3])).toMatchObject({ value: 1234, corrected: true });
    // And the same answer as the whole fold gives: drop the snapshots and ask again.
    await api.infra.pool.query(`DELETE FROM ${api.db.schema}.timeline_snapshots`);
    expect(await asOf(at)).toEqual(now);
  });
});
