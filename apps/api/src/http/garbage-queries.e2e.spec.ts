import { randomUUID } from 'node:crypto';
import { documentedRoutes } from '../docs/route-docs';
import { startTestApi, type TestApi } from '../testing/test-api';

/** Values an attacker (or a broken client) sends instead of what a parameter expects. */
const GARBAGE = [
  'x|000000000000000000000000000000000000',
  '2026-01-01T00:00:00Z|zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '2026-02-31T00:00:00Z',
  '2026-02-30T25:61:61+99:99',
  '99999-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '1e400',
  '-1',
  '1.5',
  '99999999999999999999',
  'NaN',
  '%00',
  '%ED%A0%80',
  "' OR 1=1 --",
  'a'.repeat(5000),
  '',
];
const EXTRA_PARAMS = ['before', 'asOf', 'minPosition', 'limit', 'from', 'to', 'after', 'patientId'];

function queryParamsOf(route: { query?: unknown }): string[] {
  const shape = (route.query as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  return [...new Set([...Object.keys(shape).filter((name) => name !== 'token'), ...EXTRA_PARAMS])];
}

describe('every GET route given garbage', () => {
  let api: TestApi;
  beforeAll(async () => {
    // With the projections running, as in production, so their tables exist.
    api = await startTestApi({ withProjections: true, env: { READ_YOUR_WRITES_TIMEOUT_MS: '200' } });
  });
  afterAll(() => api.close());

  async function status(path: string, token: string): Promise<number> {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.status;
  }

  it('answers 4xx naming the parameter, never 5xx, on every query parameter and path parameter', async () => {
    const admin = api.token('admin-1', ['admin', 'auditor'], ['haem-a']);
    const routes = documentedRoutes().filter((route) => route.method === 'GET');
    expect(routes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const path = route.path.replace(/\{\w+\}/g, () => randomUUID());
      for (const name of queryParamsOf(route)) {
        for (const value of GARBAGE) {
          const url = `${path}?${name}=${encodeURIComponentLoose(value)}`;
          const answer = await status(url, admin);
          checked += 1;
          if (answer >= 500) failures.push(`${answer} GET ${url.slice(0, 120)}`);
        }
        const repeated = await status(`${path}?${name}=1&${name}=2`, admin);
        if (repeated >= 500) failures.push(`${repeated} GET ${path}?${name}=1&${name}=2`);
      }
      if (route.path.includes('{')) {
        for (const value of ['x', '%ZZ', '%00', 'a'.repeat(3000), '..%2F..%2Fetc']) {
          const url = route.path.replace(/\{\w+\}/g, value);
          const answer = await status(url, admin);
          if (answer >= 500) failures.push(`${answer} GET ${url.slice(0, 120)}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 180_000);

  it('names the parameter and why in the 400', async () => {
    const auditor = api.token('aud-1', ['auditor']);
    const before = await api.request('GET', '/v1/alerts?before=x%7C000000000000000000000000000000000000', { token: auditor });
    expect(before.status).toBe(400);
    expect(before.body.issues[0].field).toBe('query.before');
    const asOf = await api.request('GET', `/v1/patients/${randomUUID()}/timeline?asOf=2026-02-31T00:00:00Z`, { token: auditor });
    expect(asOf.status).toBe(400);
    expect(asOf.body.issues[0].field).toBe('query.asOf');
    const from = await api.request('GET', '/v1/audit/access-log?from=2026-02-30T10:00:00Z', { token: auditor });
    expect(from.status).toBe(400);
    expect(from.body.issues[0].field).toBe('query.from');
  });
});

/** Encodes like a client would, but lets deliberate %-sequences through as sent. */
function encodeURIComponentLoose(value: string): string {
  return /%[0-9A-Fa-f]{2}/.test(value) ? value : encodeURIComponent(value);
}
