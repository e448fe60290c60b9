import { randomUUID } from 'node:crypto';
import { startTestOidcProvider, type TestOidcClient, type TestOidcProvider } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

const AUDIENCE = 'poems-api';
const clinicianClaims = { realm_access: { roles: ['poems-clinician', 'offline_access'] }, care_teams: ['haem-a'] };
/** Shaped like Keycloak's tokens: realm roles under realm_access.roles, care teams from a group mapper. */
const clients: TestOidcClient[] = [
  { clientId: 'kc-clinician', claims: clinicianClaims },
  { clientId: 'kc-auditor', claims: { realm_access: { roles: ['poems-auditor'] } }, alg: 'ES256' },
  { clientId: 'kc-nobody', claims: { realm_access: { roles: ['offline_access', 'uma_authorization'] } } },
  { clientId: 'kc-native-admin', claims: { realm_access: { roles: ['admin'] } } },
  { clientId: 'kc-short', claims: clinicianClaims, tokenTtlSeconds: 1 },
  { clientId: 'kc-long', claims: clinicianClaims, tokenTtlSeconds: 13 * 3600 },
];

describe('tokens from the hospital’s OpenID Connect provider', () => {
  let hospital: TestOidcProvider;
  let other: TestOidcProvider;
  let impostor: TestOidcProvider;
  let api: TestApi;

  beforeAll(async () => {
    hospital = await startTestOidcProvider({ audience: AUDIENCE, clients });
    other = await startTestOidcProvider({ audience: AUDIENCE, clients });
    impostor = await startTestOidcProvider({ audience: AUDIENCE, clients, issuer: hospital.issuer });
    api = await startTestApi({
      env: {
        AUTH_OIDC_ISSUER: hospital.issuer,
        AUTH_OIDC_AUDIENCE: AUDIENCE,
        AUTH_OIDC_ROLES_CLAIM: 'realm_access.roles',
        AUTH_OIDC_CARE_TEAMS_CLAIM: 'care_teams',
        AUTH_OIDC_ROLE_MAP: 'poems-clinician=clinician,poems-auditor=auditor,poems-admin=admin',
        AUTH_CLOCK_LEEWAY_SECONDS: '0',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await api?.close();
    await Promise.all([hospital, other, impostor].map((provider) => provider?.close()));
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const answer = await api.request(method, path, { token, body });
    return { status: answer.status, message: answer.body?.message as string };
  };

  it('accepts its RS256 and ES256 access tokens, with roles and care teams read from the configured claims', async () => {
    const admin = api.token('admin-local', ['admin']);
    const ours = randomUUID();
    const theirs = randomUUID();
    for (const [patientId, careTeam] of [[ours, 'haem-a'], [theirs, 'haem-b']] as const) {
      const enrolled = await api.request('POST', '/v1/patients', { token: admin, body: { patientId, birthDate: '1953-04-10', sex: 'female', heightCm: 158, weightKg: 52, careTeam, enrolledAt: '2026-01-05T09:00:00+09:00', name: 'Hanako Yamada' } });
      expect(enrolled.status).toBe(201);
    }

    const clinician = await hospital.clientCredentialsToken('kc-clinician');
    expect(JSON.parse(Buffer.from(clinician.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(await call('GET', `/v1/patients/${ours}/events`, clinician)).toMatchObject({ status: 200 });
    // Another team's patient is answered as one that does not exist (the one 403/404 rule).
    expect(await call('GET', `/v1/patients/${theirs}/events`, clinician)).toMatchObject({ status: 404 });
    expect(await call('GET', '/v1/audit/access-log', clinician)).toMatchObject({ status: 403 });
    const [read] = await api.infra.accessLog.find({ patientId: ours });
    expect(read).toMatchObject({ actor: 'kc-clinician', role: 'clinician', outcome: 200 });

    const auditor = await hospital.clientCredentialsToken('kc-auditor');
    expect(JSON.parse(Buffer.from(auditor.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
    expect(await call('GET', '/v1/audit/access-log', auditor)).toMatchObject({ status: 200 });
    expect(await call('GET', `/v1/patients/${theirs}/events`, auditor)).toMatchObject({ status: 200 });

    // The API's own tokens keep working beside the provider's.
    expect(await call('GET', '/v1/status', api.token('dr-local', ['clinician'], ['haem-a']))).toMatchObject({ status: 200 });
  });

  it('refuses tokens from another issuer, from an impostor naming the hospital, and for another audience', async () => {
    expect(await call('GET', '/v1/status', await other.clientCredentialsToken('kc-clinician'))).toMatchObject({ status: 401, message: expect.stringContaining('does not trust') });
    expect(await call('GET', '/v1/status', await impostor.clientCredentialsToken('kc-clinician'))).toMatchObject({ status: 401, message: expect.stringContaining('no key of the issuer matches') });
    expect(await call('GET', '/v1/status', await hospital.clientCredentialsToken('kc-clinician', { resource: 'https://another-api.example' }))).toMatchObject({
      status: 401,
      message: expect.stringContaining('another audience'),
    });
  });

  it('refuses expired tokens and tokens living longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS', async () => {
    const short = await hospital.clientCredentialsToken('kc-short');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await call('GET', '/v1/status', short)).toMatchObject({ status: 401, message: expect.stringContaining('token expired') });
    expect(await call('GET', '/v1/status', await hospital.clientCredentialsToken('kc-long'))).toMatchObject({ status: 401, message: expect.stringContaining('lifetime') });
  });

  it('refuses tokens carrying none of our roles, and with a role map, role names it does not list', async () => {
    expect(await call('GET', '/v1/status', await hospital.clientCredentialsToken('kc-nobody'))).toMatchObject({ status: 401, message: expect.stringContaining('none of this system') });
    expect(await call('GET', '/v1/status', await hospital.clientCredentialsToken('kc-native-admin'))).toMatchObject({ status: 401, message: expect.stringContaining('found admin') });
  });
});

describe('an identity provider that does not answer', () => {
  it('gives 503 (retry), not 401 (your token is bad), and the API recovers when it answers again', async () => {
    const provider = await startTestOidcProvider({ audience: AUDIENCE, clients });
    const token = await provider.clientCredentialsToken('kc-clinician');
    await provider.close();
    const api = await startTestApi({ env: { AUTH_OIDC_ISSUER: provider.issuer, AUTH_OIDC_AUDIENCE: AUDIENCE, AUTH_OIDC_ROLES_CLAIM: 'realm_access.roles', AUTH_OIDC_ROLE_MAP: 'poems-clinician=clinician' } });
    try {
      const answer = await api.request('GET', '/v1/status', { token });
      expect(answer).toMatchObject({ status: 503, body: { code: 'IDENTITY_PROVIDER_UNAVAILABLE' } });
      expect(answer.headers.get('retry-after')).toBe('5');
      expect((await api.request('GET', '/v1/status', { token: api.token('dr-local', ['clinician']) })).status).toBe(200);

      // A failed discovery is not remembered: once the provider is back, its tokens are accepted.
      const back = await startTestOidcProvider({ audience: AUDIENCE, clients, port: Number(new URL(provider.url).port) });
      try {
        expect((await api.request('GET', '/v1/status', { token: await back.clientCredentialsToken('kc-clinician') })).status).toBe(200);
      } finally {
        await back.close();
      }
    } finally {
      await api.close();
    }
  });
});
