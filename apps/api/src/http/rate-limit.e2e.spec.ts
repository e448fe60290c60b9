import { signToken } from '@poems/auth';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('rate limits', () => {
  describe('per authenticated user', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ withProjections: true, env: { RATE_LIMIT_PER_PRINCIPAL: '10', RATE_LIMIT_PER_ADDRESS: '1000', RATE_LIMIT_WINDOW_MS: '60000' } });
      await api.projectionsCaughtUp();
    });
    afterAll(() => api.close());

    it('answers 429 with Retry-After past the limit, for that user only', async () => {
      const alice = api.token('alice', ['auditor']);
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await api.request('GET', '/v1/alerts/stats', { token: alice })).status);
      expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
      const refused = await api.request('GET', '/v1/alerts/stats', { token: alice });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('at most 10 per 60 s (RATE_LIMIT_PER_PRINCIPAL)') });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await api.request('GET', '/v1/alerts/stats', { token: api.token('bob', ['auditor']) })).status).toBe(200);
    });

    it('counts verified users only: forged tokens naming a user do not use up that user’s allowance', async () => {
      const forged = signToken({ sub: 'carol', roles: ['auditor'], careTeams: [] }, { secret: 'not-the-secret-'.padEnd(40, 'x'), issuer: 'poems-monitor', audience: 'poems-monitor' });
      for (let i = 0; i < 20; i++) expect((await api.request('GET', '/v1/alerts/stats', { token: forged })).status).toBe(401);
      expect((await api.request('GET', '/v1/alerts/stats', { token: api.token('carol', ['auditor']) })).status).toBe(200);
    });
  });

  describe('per client address', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ env: { RATE_LIMIT_PER_ADDRESS: '25', RATE_LIMIT_PER_PRINCIPAL: '1000' } });
    });
    afterAll(() => api.close());

    it('answers 429 to a flood of bad tokens, before any token is checked', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await api.request('GET', '/v1/alerts', { token: `garbage.${i}.token` })).status);
      expect(statuses.slice(0, 25).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(25).every((status) => status === 429)).toBe(true);
      const refused = await api.request('GET', '/v1/alerts', { token: 'garbage' });
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: expect.stringContaining('(RATE_LIMIT_PER_ADDRESS)') });
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });
});
