import { type JWTPayload, SignJWT } from 'jose';
import { startTestApi, TEST_SECRET, type TestApi } from '../testing/test-api';

/** Signed with the API's own secret, so only the claims can be why a token is refused. */
const signed = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(TEST_SECRET));
const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ sub: 'dr-claims', roles: ['clinician'], careTeams: ['haem-a'], iss: 'poems-monitor', aud: 'poems-monitor', iat: now(), exp: now() + 3600 });
const without = (name: string) => Object.fromEntries(Object.entries(claims()).filter(([key]) => key !== name));

describe('bearer tokens signed with the right secret but the wrong claims', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  const status = async (claimSet: JWTPayload) => {
    const { status, body } = await api.request('GET', '/v1/status', { token: await signed(claimSet) });
    return { status, message: body.message as string };
  };

  it('accepts a token with every required claim, as `npm run token` and the tests mint them', async () => {
    expect((await status(claims())).status).toBe(200);
    expect((await api.request('GET', '/v1/status', { token: api.token('dr-minted', ['clinician']) })).status).toBe(200);
  });

  it.each(['iss', 'aud', 'exp', 'iat'])('refuses a token without %s', async (name) => {
    expect(await status(without(name))).toMatchObject({ status: 401, message: expect.stringContaining(name === 'iss' ? 'issuer' : `"${name}"`) });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expect(await status({ ...claims(), aud: 'another-app' })).toMatchObject({ status: 401, message: expect.stringContaining('another audience') });
    expect(await status({ ...claims(), iss: 'someone-else' })).toMatchObject({ status: 401, message: expect.stringContaining('does not trust') });
  });

  it('refuses a token valid for 100 years, or longer than the configured maximum', async () => {
    expect(await status({ ...claims(), exp: now() + 100 * 365 * 86_400 })).toMatchObject({ status: 401, message: expect.stringContaining('AUTH_MAX_TOKEN_LIFETIME_SECONDS') });
    expect((await status({ ...claims(), exp: now() + 12 * 3600 + 60 })).status).toBe(401);
  });

  it('refuses a token issued in the future beyond the clock leeway', async () => {
    expect(await status({ ...claims(), iat: now() + 600, exp: now() + 3600 })).toMatchObject({ status: 401, message: expect.stringContaining('issued in the future') });
  });
});
