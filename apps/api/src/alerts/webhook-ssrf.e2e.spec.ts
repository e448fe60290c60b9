import { startTestApi, type TestApi } from '../testing/test-api';

/** Registering webhooks under the default configuration: admins only, https to public addresses. */
describe('registering a webhook that points inside the network', () => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApi({ env: { WEBHOOK_MAX_PER_TEAM: '2' } });
    admin = api.token('admin-1', ['admin']);
  });
  afterAll(() => api.close());

  const register = (token: string, url: string, careTeam = 'haem-a') => api.request('POST', '/v1/webhook-subscriptions', { token, body: { careTeam, url } });
  const stored = async () => Number((await api.db.pool.query(`SELECT count(*) FROM ${api.db.schema}.webhook_subscriptions`)).rows[0].count);

  it.each([
    ['http://127.0.0.1:6379/', 'must use https'],
    ['https://127.0.0.1:6379/', 'address 127.0.0.1 is a loopback address'],
    ['https://localhost/', 'host localhost is a local or cloud-metadata name'],
    ['https://2130706433/', 'address 127.0.0.1 is a loopback address'],
    ['https://0x7f.1/', 'address 127.0.0.1 is a loopback address'],
    ['https://169.254.169.254/latest/meta-data/', 'cloud instance-metadata address'],
    ['https://metadata.google.internal/', 'host metadata.google.internal is a local or cloud-metadata name'],
    ['https://10.0.0.1/', 'address 10.0.0.1 is a private address'],
    ['https://[::ffff:10.0.0.1]/', 'address 10.0.0.1 is a private address'],
    ['https://admin:hunter2@hooks.example.com/', 'must not carry credentials'],
  ])('refuses %s with 400 naming the reason, and stores nothing', async (url, reason) => {
    const before = await stored();
    const response = await register(admin, url);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', issues: [{ field: 'url', message: expect.stringContaining(reason) }] });
    expect(await stored()).toBe(before);
  });

  it('lets only admins register or remove webhooks by default', async () => {
    const clinician = api.token('dr-a', ['clinician'], ['haem-a']);
    const response = await register(clinician, 'https://93.184.216.34/hook');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('WEBHOOK_ADMIN_ONLY');
    const created = await register(admin, 'https://93.184.216.34/hook', 'haem-z');
    expect(created.status).toBe(201);
    const removal = await api.request('DELETE', `/v1/webhook-subscriptions/${created.body.subscriptionId}`, { token: clinician });
    expect(removal.status).toBe(403);
  });

  it('accepts a public https address, keeps the secret sealed, and caps each care team', async () => {
    const first = await register(admin, 'https://93.184.216.34/hook', 'cap-team');
    expect(first.status).toBe(201);
    const { rows } = await api.db.pool.query(`SELECT secret, secret_sealed::text AS sealed FROM ${api.db.schema}.webhook_subscriptions WHERE subscription_id = $1`, [first.body.subscriptionId]);
    expect(rows[0].secret).toBeNull();
    expect(rows[0].sealed).not.toContain(first.body.secret);
    expect((await register(admin, 'https://93.184.216.34/other', 'cap-team')).status).toBe(201);
    const third = await register(admin, 'https://93.184.216.34/third', 'cap-team');
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'WEBHOOK_LIMIT_REACHED', message: expect.stringContaining('2 active webhook subscriptions') });
  });
});
