import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('GET /v1/status', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ withProjections: true, env: { QUEUE_PREFIX: `status-${randomUUID()}` } });
  });
  afterAll(() => api.close());

  it('shows each projection caught up with the head, and each queue’s counts', async () => {
    const clinician = api.token('c', ['clinician'], ['haem-a']);
    const enrolled = await api.request('POST', '/v1/patients', {
      token: clinician,
      body: { patientId: randomUUID(), birthDate: '1960-01-01', sex: 'female', heightCm: 160, weightKg: 55, careTeam: 'haem-a', enrolledAt: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(enrolled.status).toBe(201);
    await api.projectionsCaughtUp();
    const { status, body } = await api.request('GET', '/v1/status', { token: api.token('r', ['researcher']) });
    expect(status).toBe(200);
    expect(body.store).toMatchObject({ kind: 'postgres', head: enrolled.body.position });
    expect(body.projections.length).toBeGreaterThan(0);
    for (const projection of body.projections) expect(projection).toMatchObject({ checkpoint: enrolled.body.position, lagEvents: 0, lagSeconds: 0 });
    expect(body.queues.map((q: any) => q.queue).sort()).toEqual(['alert-deliveries', 'alert-escalations', 'alert-evaluations']);
    for (const queue of body.queues) expect(queue).toMatchObject({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number) });
  });

  it('needs a token', async () => {
    expect((await api.request('GET', '/v1/status')).status).toBe(401);
  });
});
