import { randomUUID } from 'node:crypto';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Issue 12: a correction that disproves an open alert resolves it naming the correction; one that brings a resolved finding back opens a new episode. */
describe('alerts and the corrections that disprove or bring back their findings', () => {
  let api: TestApi;
  let clinician: string;
  const patientId = randomUUID();

  beforeAll(async () => {
    api = await startTestApi({ withAlerts: true });
    clinician = api.token('dr-ito', ['clinician'], ['haem-c']);
  }, 60_000);
  afterAll(() => api.close());

  const bradycardia = async () => {
    await api.projectionsCaughtUp();
    const { body } = await api.request('GET', `/v1/alerts?patientId=${patientId}&rule=BRADYCARDIA`, { token: clinician });
    return body.items as any[];
  };
  const correct = async (heartRateBpm: number, reason: string, eventId: string) => {
    const response = await api.request('POST', `/v1/patients/${patientId}/corrections`, { token: clinician, body: { correctsEventId: eventId, reason, heartRateBpm } });
    expect(response.status).toBe(201);
    return response.body.events[0].eventId as string;
  };

  it('resolves the disproved alert with the correction named, then raises a new one when a further correction brings it back', async () => {
    const history = [
      { type: 'EnrollPatient', patientId, birthDate: '1952-03-03', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-c', enrolledAt: daysAgo(60) },
      { type: 'ChangeThalidomideDose', patientId, mgPerDay: 100, effectiveAt: daysAgo(55) },
      { type: 'RecordAssessment', patientId, kind: 'VITALS', heartRateBpm: 44, assessedAt: daysAgo(40) },
    ];
    const imported = await api.request('POST', '/v1/import', { token: clinician, raw: history.map((line) => JSON.stringify(line)).join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    const { body: events } = await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician });
    const vitalsId = events.events.find((e: any) => e.type === 'AssessmentRecorded').eventId;

    const [raised] = await eventually(async () => ((await bradycardia()).length === 1 ? bradycardia() : undefined), 'the bradycardia alert', 30_000);
    expect(raised).toMatchObject({ status: 'OPEN', generation: 0 });

    const correctionId = await correct(62, 'heart rate of another patient typed in', vitalsId);
    const resolved = await eventually(async () => (await bradycardia()).find((a) => a.status === 'RESOLVED'), 'the disproved alert resolved', 30_000);
    expect(resolved.resolved).toMatchObject({
      reason: 'NO_LONGER_SUPPORTED',
      correctionEventId: correctionId,
      detail: expect.stringContaining('heart rate of another patient typed in'),
    });

    await correct(44, 'the first value was right after all', vitalsId);
    const both = await eventually(async () => {
      const alerts = await bradycardia();
      return alerts.length === 2 ? alerts : undefined;
    }, 'a new episode of the alert', 30_000);
    expect(both.map((a) => [a.generation, a.status]).sort()).toEqual([
      [0, 'RESOLVED'],
      [1, 'OPEN'],
    ]);
    expect(new Set(both.map((a) => a.alertId)).size).toBe(2);
  }, 90_000);
});
