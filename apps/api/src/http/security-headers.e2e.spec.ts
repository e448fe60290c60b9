import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('security headers', () => {
  let api: TestApi;
  let clinician: string;
  const patientId = randomUUID();
  beforeAll(async () => {
    api = await startTestApi();
    clinician = api.token('dr-h', ['clinician'], ['haem-a']);
    const enrol = { type: 'EnrollPatient', patientId, birthDate: '1950-01-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2025-01-06T09:00:00Z' };
    const imported = await api.request('POST', '/v1/import', { raw: JSON.stringify(enrol), token: clinician, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
  });
  afterAll(() => api.close());

  it('marks patient data not to be stored by any cache, and every answer nosniff, errors included', async () => {
    const answers = [
      await api.request('GET', `/v1/patients/${patientId}/events`, { token: clinician }),
      await api.request('GET', `/v1/patients/${randomUUID()}/events`, { token: clinician }),
      await api.request('GET', '/v1/alerts'),
      await api.request('POST', '/v1/patients', { token: clinician, raw: '{', headers: { 'content-type': 'application/json' } }),
      await api.request('GET', '/health'),
      await api.request('GET', '/v1/no-such-route', { token: clinician }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 401, 400, 200, 404]);
    for (const answer of answers) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // JSON answers need nothing from a browser: their CSP forbids everything, framing included.
    expect(answers[0]!.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answers[0]!.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('marks the live alert stream too', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api.url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${clinician}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    controller.abort();
  });

  it('serves the web app under a CSP without inline script or style, never framed, scripts from this origin only', async () => {
    const page = await api.request('GET', '/');
    const csp = page.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/\sstyle=/);
  });
});
