import { Writable } from 'node:stream';
import pino from 'pino';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

describe('the API log, when credentials come in every way a client may send them', () => {
  let api: TestApi;
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    api = await startTestApi({ logger: pino({ level: 'info' }, destination) });
  });
  afterAll(() => api?.close());

  const requestLines = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');

  it('never writes a bearer token, a cookie or a stream ticket, however encoded', async () => {
    const token = api.token('dr-log', ['clinician'], ['haem-a']);
    // A token the stream refuses: the answer ends at once, so it is logged at once (before, with the raw URL).
    const researcher = api.token('r-log', ['researcher']);
    const signatures = [token, researcher].map((t) => t.split('.')[2]!);
    const { body: issued } = await api.request('POST', '/v1/alerts/stream-tickets', { token });
    const ticket: string = issued.ticket;

    const attempts = [
      api.request('GET', `/v1/alerts/stream?%74oken=${researcher}`),
      api.request('GET', `/v1/alerts/stream?token=${token}&after=0`),
      api.request('GET', `/v1/alerts?TOKEN=${token}`, { token }),
      api.request('GET', `/v1/alerts?access_token=${encodeURIComponent(token)}`, { token }),
      api.request('GET', '/v1/status', { token, headers: { cookie: `session=${token}` } }),
      api.request('GET', `/v1/alerts/stream?ticket=${ticket}&ticket=${ticket}`),
    ];
    const answers = await Promise.all(attempts);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 400, 400, 200, 401]);
    // The ticket's own stream: opened, then closed by the client.
    const controller = new AbortController();
    const stream = await fetch(`${api.url}/v1/alerts/stream?ticket=${(await api.request('POST', '/v1/alerts/stream-tickets', { token })).body.ticket}`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    controller.abort();

    await eventually(() => requestLines().length >= 9, 'the request log lines');
    const all = lines.join('\n');
    for (const signature of signatures) expect(all).not.toContain(signature);
    expect(all).not.toContain(ticket);
    expect(all).not.toMatch(/%74oken/i);

    // The requests ran at once, so their lines come in any order: look at all the refused stream requests.
    const refused = requestLines().filter((entry) => entry.req.path === '/v1/alerts/stream' && entry.res.statusCode === 401);
    expect(refused.map((entry) => entry.req.query)).toEqual(
      expect.arrayContaining([{ token: '[redacted]' }, { token: '[redacted]', after: '0' }]),
    );
    for (const entry of refused) expect(entry.req).not.toHaveProperty('url');
    const withCookie = requestLines().find((entry) => entry.req.headers.cookie)!;
    expect(withCookie.req.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(withCookie).toMatchObject({ req: { method: 'GET', path: '/v1/status' }, res: { statusCode: 200 } });
    expect(typeof withCookie.responseTime).toBe('number');
  });
});
