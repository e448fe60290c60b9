import { randomUUID } from 'node:crypto';
import { signToken, type UserRole, USER_ROLES } from '@poems/auth';
import { localTokenKey } from '@poems/config';
import { eventually } from '@poems/testing';
import { documentedRoutes, type RouteDoc } from '../docs/route-docs';
import { startTestApi, type TestApi } from '../testing/test-api';

/**
 * Every documented endpoint × every role (in the patient's care team and out of it) and every
 * way a token can be wrong. The rules it holds the API to:
 * - a missing, expired, foreign (issuer, audience, key) or over-long token is a 401, everywhere;
 * - a role the route does not list is a 403, before anything else happens;
 * - a listed role is never refused for its role (401, or 403 FORBIDDEN) on its own care team's
 *   patient; a refusal with its own code (a configured policy: WEBHOOK_ADMIN_ONLY) is documented on the route;
 * - a clinician of another care team gets exactly the answer a non-existent patient gets (no leak),
 *   and no answer names the other team.
 * New routes are covered as they are documented (documentRoute), with no change here.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
const TEAM = 'haem-a';
const OTHER_TEAM = 'haem-b';

describe('the authorization matrix', () => {
  let api: TestApi;
  let patientId: string;
  let alertId: string;
  const routes: RouteDoc[] = [];

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withAlerts: true });
    routes.push(...documentedRoutes());
    const clinician = api.token('dr-matrix', ['clinician'], [TEAM]);
    patientId = randomUUID();
    const enrolled = await api.request('POST', '/v1/patients', {
      token: clinician,
      body: { patientId, birthDate: '1968-07-07', sex: 'female', heightCm: 158, weightKg: 51, careTeam: TEAM, enrolledAt: '2026-01-05T09:00:00Z', name: 'Matrix Patient' },
    });
    expect(enrolled.status).toBe(201);
    await api.request('POST', `/v1/patients/${patientId}/transplant-milestones`, { token: clinician, body: { milestone: 'APHERESIS', occurredAt: '2026-02-01T09:00:00Z', cd34PerKg: 0.9 } });
    alertId = await eventually(async () => (await api.request('GET', `/v1/alerts?patientId=${patientId}`, { token: clinician })).body.items[0]?.alertId as string | undefined, 'an alert to exist');
  }, 60_000);
  afterAll(() => api.close());

  const key = () => localTokenKey(api.config);
  const pathFor = (route: RouteDoc, patient: string) =>
    route.path
      .replace('{patientId}', patient)
      .replace('{alertId}', patient === patientId ? alertId : randomUUID())
      .replace('{streamId}', `patient-${patient}`)
      .replace(/\{\w+\}/g, randomUUID());
  const call = (route: RouteDoc, token: string | undefined, patient = patientId) =>
    route.produces?.includes('text/event-stream') ? openStream(route, token, patient) : api.request(route.method, pathFor(route, patient), {
      token,
      ...(route.method === 'POST' || route.method === 'PUT' ? { body: {} } : {}),
      ...(route.bodyContentType ? { raw: '', headers: { 'content-type': route.bodyContentType } } : {}),
    });

  /** A live stream never ends: its answer is its status and headers; the body is not waited for. */
  async function openStream(route: RouteDoc, token: string | undefined, patient: string) {
    const controller = new AbortController();
    const response = await fetch(`${api.url}${pathFor(route, patient)}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    const text = response.status === 200 ? '' : await response.text();
    controller.abort();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body, text, headers: response.headers };
  }

  it('refuses every wrong token with 401 on every protected route', async () => {
    const k = key();
    const subject = { sub: 'mallory', roles: ['admin'] as UserRole[], careTeams: [TEAM] };
    const wrong: Record<string, string | undefined> = {
      'no token': undefined,
      expired: signToken(subject, k, { now: new Date(Date.now() - 2 * 86_400_000), expiresInSeconds: 3600 }),
      'another issuer': signToken(subject, { ...k, issuer: 'someone-else' }),
      'another audience': signToken(subject, { ...k, audience: 'another-api' }),
      'another key': signToken(subject, { ...k, secret: 'k'.repeat(40) }),
      'a 100-year lifetime': signToken(subject, k, { expiresInSeconds: 100 * 365 * 86_400 }),
    };
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.roles !== 'public')) {
      for (const [what, token] of Object.entries(wrong)) {
        const answer = await call(route, token);
        if (answer.status !== 401) failures.push(`${route.method} ${route.path} with ${what}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers each role as the route documents: 403 for roles it does not list, never a role refusal or a 5xx for those it lists', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.roles !== 'public')) {
      for (const role of USER_ROLES) {
        const answer = await call(route, api.token(`u-${role}`, [role], [TEAM]));
        const listed = (route.roles as UserRole[]).includes(role);
        if (!listed && (answer.status !== 403 || answer.body?.code !== 'FORBIDDEN')) failures.push(`${route.method} ${route.path} as ${role} (not listed): ${answer.status}`);
        if (listed && (answer.status === 401 || (answer.status === 403 && answer.body?.code === 'FORBIDDEN') || answer.status >= 500)) {
          failures.push(`${route.method} ${route.path} as ${role} (listed): ${answer.status} ${answer.body?.code ?? ''}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers another care team exactly as it answers a patient that does not exist, naming no team', async () => {
    const outsider = api.token('dr-other', ['clinician'], [OTHER_TEAM]);
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.roles !== 'public' && /\{(patientId|alertId|streamId)\}/.test(r.path))) {
      const theirs = await call(route, outsider, patientId);
      const nobody = await call(route, outsider, randomUUID());
      const same = theirs.status === nobody.status && theirs.body?.code === nobody.body?.code;
      if (!same) failures.push(`${route.method} ${route.path}: ${theirs.status} ${theirs.body?.code} vs ${nobody.status} ${nobody.body?.code}`);
      if (theirs.status >= 200 && theirs.status < 300) failures.push(`${route.method} ${route.path}: ${theirs.status} for another team`);
      if (theirs.text.includes(TEAM) || theirs.text.includes('Matrix Patient')) failures.push(`${route.method} ${route.path}: names the other team or the patient`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('lets the public routes answer without a token (the sign-in routes answer for a browser without a session)', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.roles === 'public' && r.method === 'GET')) {
      const answer = await call(route, undefined);
      if (answer.status >= 500 || answer.status === 403) failures.push(`${route.path}: ${answer.status}`);
    }
    expect(failures).toEqual([]);
    for (const path of ['/health', '/v1/docs']) expect({ path, status: (await api.request('GET', path)).status }).toEqual({ path, status: 200 });
  });
});
