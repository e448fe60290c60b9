import { randomUUID } from 'node:crypto';
import { prometheusSample as sample } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('the API’s Prometheus metrics, scraped', () => {
  let api: TestApi;
  const metricsToken = 'metrics-token-'.padEnd(24, 'x');

  beforeAll(async () => {
    api = await startTestApi({ withProjections: true, env: { METRICS_TOKEN: metricsToken } });
  });
  afterAll(() => api.close());

  const scrape = async () => {
    const response = await api.request('GET', '/metrics', { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text;
  };

  it('refuses a scrape without the metrics token when one is configured', async () => {
    expect((await api.request('GET', '/metrics')).status).toBe(401);
  });

  it('shows request latency per route pattern, append latency, projection lag and queue depths', async () => {
    const clinician = api.token('dr-mori', ['clinician'], ['haem-a']);
    const patientId = randomUUID();
    const enrolled = await api.request('POST', '/v1/patients', {
      token: clinician,
      body: { patientId, birthDate: '1960-01-01', sex: 'female', heightCm: 160, weightKg: 55, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00Z' },
    });
    expect(enrolled.status).toBe(201);
    await api.projectionsCaughtUp();
    expect((await api.request('GET', `/v1/patients/${patientId}/timeline`, { token: clinician })).status).toBe(200);

    const text = await scrape();
    // Route patterns, never ids: no patient id may become a label.
    expect(sample(text, 'poems_http_request_duration_seconds_count', { method: 'POST', route: '/v1/patients', status: '201' })).toBe(1);
    expect(sample(text, 'poems_http_request_duration_seconds_count', { method: 'GET', route: '/v1/patients/:patientId/timeline', status: '200' })).toBe(1);
    expect(text).not.toContain(patientId);
    expect(sample(text, 'poems_event_store_append_seconds_count', { operation: 'appendToStream', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'poems_events_appended_total', { app: 'api' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'poems_projection_lag_events', { projection: 'timeline' })).toBe(0);
    expect(sample(text, 'poems_projection_lag_seconds', { projection: 'timeline' })).toBe(0);
    expect(sample(text, 'poems_queue_jobs', { queue: 'alert-evaluations', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'poems_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('answers liveness and readiness separately', async () => {
    expect(await api.request('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.request('GET', '/health/ready')).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: { ok: true }, redis: { ok: true } } } });
  });
});
