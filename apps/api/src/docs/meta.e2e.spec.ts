import { startTestApi, type TestApi } from '../testing/test-api';

describe('the public meta routes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers health with each dependency checked', async () => {
    const { status, body } = await api.request('GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', checks: { database: { ok: true }, redis: { ok: true } } });
  });

  it('serves an OpenAPI document generated from the routes’ zod schemas', async () => {
    const { status, body } = await api.request('GET', '/v1/docs');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = Object.keys(body.paths);
    for (const path of ['/v1/patients', '/v1/patients/{patientId}/lab-results', '/v1/import', '/v1/patients/{patientId}/timeline', '/v1/alerts', '/v1/alerts/{alertId}/acknowledge', '/v1/audit/verify', '/v1/research/vegf-series', '/v1/status', '/health']) {
      expect(paths).toContain(path);
    }
    const enrol = body.paths['/v1/patients'].post.requestBody.content['application/json'].schema;
    expect(enrol.properties).toHaveProperty('birthDate');
    expect(enrol.properties.sex.enum).toEqual(['female', 'male', 'other', 'unknown']);
    expect(body.paths['/v1/import'].post.requestBody.content).toHaveProperty('application/x-ndjson');
    expect(body.paths['/v1/alerts'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['status', 'patientId', 'rule', 'severity']));
  });

  it('serves the web app at / and at each of its pages, and its assets', async () => {
    for (const path of ['/', '/inbox', '/patients', `/patients/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, '/cohort', '/audit']) {
      const response = await fetch(`${api.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    }
    const html = await (await fetch(`${api.url}/`)).text();
    const script = await fetch(`${api.url}${/src="([^"]+\.js)"/.exec(html)![1]}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toContain('EventSource');
    const outside = await fetch(`${api.url}/assets/..%2fpackage.json`);
    expect([403, 404]).toContain(outside.status);
    await outside.text();
  });

  it('answers an unknown route with the problem shape', async () => {
    const { status, body } = await api.request('GET', '/v1/nowhere', { token: api.token('a', ['admin']) });
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
