import { randomUUID } from 'node:crypto';
import { CookieJar, jarFetch, signInAs, type SignInTestApi, startSignInTestApi } from '../testing/sign-in-api';

describe('signing in to the web app through the OpenID Connect provider', () => {
  let env: SignInTestApi;
  let url: string;
  beforeAll(async () => {
    env = await startSignInTestApi({ withProjections: true, env: { WEB_SESSION_IDLE_SECONDS: '60' } });
    url = env.api.url;
  }, 30_000);
  afterAll(() => env?.close());

  const session = (jar: CookieJar) => jarFetch(jar, `${url}/auth/session`);

  it('signs a clinician in with the authorization code flow and PKCE, into an HttpOnly, SameSite=Strict session cookie', async () => {
    const jar = new CookieJar();
    const login = await jarFetch(jar, `${url}/auth/login?returnTo=${encodeURIComponent('/patients')}`);
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin).toBe(env.provider.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: 'poems-web', code_challenge_method: 'S256', redirect_uri: `${url}/auth/callback` });
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const { landedAt } = await signInAs(url, 'demo-clinician', jar, '/patients');
    expect(landedAt).toBe('/patients');
    const answer = await session(jar);
    expect(answer.status).toBe(200);
    const body: any = await answer.json();
    expect(body).toMatchObject({ userId: 'demo-clinician', displayName: 'Dr Aiko Tanaka', roles: ['clinician'], careTeams: ['haem-a', 'haem-b'] });
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    // The cookie's attributes, as the browser was told them.
    const relogin = new CookieJar();
    let setCookie = '';
    const originalTake = relogin.take.bind(relogin);
    relogin.take = (at, response) => {
      setCookie += response.headers.getSetCookie().filter((line) => line.startsWith('poems_session=')).join('\n');
      originalTake(at, response);
    };
    await signInAs(url, 'demo-auditor', relogin);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Max-Age|Expires/i);

    // The session is the principal the provider's access token carries: the policy applies as to a bearer token.
    expect((await jarFetch(jar, `${url}/v1/alerts`)).status).toBe(200);
    expect((await jarFetch(jar, `${url}/v1/audit/verify`)).status).toBe(403);
    const logged = await env.api.infra.accessLog.find({ actor: 'demo-clinician' });
    // The refused audit call is in the trail too (the guard records refusals).
    expect(logged.map((entry) => entry.action)).toEqual(['refused-role', 'read-alerts', 'sign-in']);
    expect(logged[2]).toMatchObject({ role: 'clinician', outcome: 200 });
  });

  it('refuses a change made with the cookie but without the CSRF token, and accepts it with the token', async () => {
    const { jar } = await signInAs(url, 'demo-clinician');
    const { csrfToken } = (await (await session(jar)).json()) as any;
    const enrol = { patientId: randomUUID(), birthDate: '1960-04-01', sex: 'male', heightCm: 170, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2026-01-05T09:00:00+09:00', name: 'CSRF Probe' };
    const post = (headers: Record<string, string>) => jarFetch(jar, `${url}/v1/patients`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(enrol) });
    const without = await post({});
    expect(without.status).toBe(403);
    expect(((await without.json()) as any).code).toBe('CSRF_TOKEN_INVALID');
    expect((await post({ 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await post({ 'x-csrf-token': csrfToken })).status).toBe(201);
  });

  it('signs out at once: the cookie no longer opens anything, and the browser is sent to the provider to end its session too', async () => {
    const { jar } = await signInAs(url, 'demo-researcher');
    const { csrfToken } = (await (await session(jar)).json()) as any;
    const stolen = jar.get(url, 'poems_session')!;
    expect((await jarFetch(jar, `${url}/auth/logout`, { method: 'POST' })).status).toBe(403);
    const out = await jarFetch(jar, `${url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(200);
    const { endSessionUrl } = (await out.json()) as any;
    expect(endSessionUrl).toMatch(new RegExp(`^${env.provider.issuer}/session/end\\?`));
    expect(new URL(endSessionUrl).searchParams.get('post_logout_redirect_uri')).toBe(`${url}/`);
    expect(jar.get(url, 'poems_session')).toBeUndefined();
    const replayed = await fetch(`${url}/v1/research/responses`, { headers: { cookie: `poems_session=${stolen}` } });
    expect(replayed.status).toBe(401);
    expect((await fetch(`${url}/auth/session`, { headers: { cookie: `poems_session=${stolen}` } })).status).toBe(401);
  });

  it('ends a session left idle longer than WEB_SESSION_IDLE_SECONDS, and one whose token expired', async () => {
    const { jar } = await signInAs(url, 'demo-clinician');
    await env.api.db.pool.query(`UPDATE ${env.api.db.schema}.web_sessions SET last_seen_at = now() - interval '61 seconds'`);
    const idle = await jarFetch(jar, `${url}/v1/alerts`);
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as any).code).toBe('SESSION_EXPIRED');

    const again = await signInAs(url, 'demo-clinician');
    await env.api.db.pool.query(`UPDATE ${env.api.db.schema}.web_sessions SET expires_at = now() - interval '1 second'`);
    expect((await jarFetch(again.jar, `${url}/auth/session`)).status).toBe(401);
  });

  it('refuses a callback that this browser did not start, or one replayed, and never redirects off the site', async () => {
    const forged = await jarFetch(new CookieJar(), `${url}/auth/callback?code=abc&state=xyz`);
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/?signInError=SIGN_IN_EXPIRED');
    // An open redirect through returnTo is refused: the app's root instead.
    const { landedAt } = await signInAs(url, 'demo-clinician', new CookieJar(), '//evil.example/x');
    expect(landedAt).toBe('/');
  });

  it('sends a sign-in started at another name of this server to WEB_PUBLIC_URL first, so the browser keeps its cookie', async () => {
    const port = new URL(url).port;
    const answer = await fetch(`http://localhost:${port}/auth/login?returnTo=%2Fcohort`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${url}/auth/login?returnTo=%2Fcohort`);
    expect(answer.headers.getSetCookie()).toEqual([]);
  });

  it('keeps the bearer door for programs, and tells the app whether sign-in is configured', async () => {
    expect((await env.api.request('GET', '/v1/alerts', { token: env.api.token('prog', ['admin']) })).status).toBe(200);
    expect((await env.api.request('GET', '/v1/web-config')).body).toEqual({ clinicTimeZone: 'Asia/Tokyo', signIn: true, idleTimeoutSeconds: 60 });
  });
});
