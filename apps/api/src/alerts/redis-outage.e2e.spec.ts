import { randomUUID } from 'node:crypto';
import { DisposableRedis, eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

/** The issue asks for a minute; REDIS_OUTAGE_MS shortens it for a quick local run. */
const OUTAGE_MS = Number(process.env['REDIS_OUTAGE_MS'] ?? 60_000);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe(`Redis stopped for ${OUTAGE_MS / 1000} s while commands keep arriving`, () => {
  let redis: DisposableRedis;
  let api: TestApi;
  let clinician: string;

  beforeAll(async () => {
    redis = await DisposableRedis.start();
    api = await startTestApi({ withAlerts: true, env: { REDIS_URL: redis.url } });
    clinician = api.token('dr-ono', ['clinician'], ['haem-r']);
  }, 60_000);
  afterAll(async () => {
    await redis.up().catch(() => undefined);
    await api.close();
    await redis.down();
  });

  it('accepts every command, then fires every alert that should have fired, once, when Redis returns', async () => {
    await redis.down();
    // Ready, but degraded and saying so: commands still succeed without Redis.
    const health = await api.request('GET', '/health/ready');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', checks: { database: { ok: true }, redis: { ok: false } } });
    expect((await api.request('GET', '/health/live')).status).toBe(200);

    const patients = Array.from({ length: 3 }, () => randomUUID());
    for (const patientId of patients) {
      const post = (path: string, body: object) => api.request('POST', path, { token: clinician, body });
      expect((await post('/v1/patients', { patientId, birthDate: '1966-06-06', sex: 'male', heightCm: 170, weightKg: 65, careTeam: 'haem-r', enrolledAt: daysAgo(60) })).status).toBe(201);
      // An apheresis with a low CD34+ yield: LOW_CD34_YIELD at once, and conditioning overdue 35 days later.
      expect((await post(`/v1/patients/${patientId}/transplant-milestones`, { milestone: 'APHERESIS', occurredAt: daysAgo(50), cd34PerKg: 1.2 })).status).toBe(201);
      // Commands keep arriving through the outage, while the projections record what is owed.
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / patients.length));
    }
    await api.projectionsCaughtUp();
    const { body: duringOutage } = await api.request('GET', '/v1/alerts', { token: clinician });
    expect(duringOutage.items).toHaveLength(0);

    await redis.up();
    const expected = patients.flatMap((id) => [`LOW_CD34_YIELD|${id}`, `PBSCT_MILESTONE_OVERDUE|${id}`]).sort();
    await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', '/v1/alerts', { token: clinician });
      return body.items.length >= expected.length ? true : undefined;
    }, 'the alerts owed since the outage', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await api.projectionsCaughtUp();
    const { body } = await api.request('GET', '/v1/alerts', { token: clinician });
    expect(body.items.map((a: any) => `${a.rule}|${a.patientId}`).sort()).toEqual(expected);
    const raised = await api.db.pool.query(`SELECT stream_id, count(*)::int AS n FROM ${api.db.schema}.events WHERE type = 'AlertRaised' GROUP BY stream_id`);
    expect(raised.rows.every((row) => row.n === 1)).toBe(true);
    expect((await api.request('GET', '/health')).status).toBe(200);
  }, OUTAGE_MS + 120_000);
});
