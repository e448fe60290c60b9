import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@poems/event-store';
import { eventually } from '@poems/testing';
import { openSse, type SseConnection } from '../testing/sse-client';
import { startTestApi, type TestApi } from '../testing/test-api';

const metadata = { actor: { userId: 'test', role: 'system' as const }, correlationId: 'test', causationId: null };
const filler = (): NewEvent => ({ eventId: randomUUID(), type: 'TestFiller', schemaVersion: 1, data: {}, metadata, occurredAt: new Date().toISOString() });
/** Waits for the server to end the stream, or gives up after `ms` (the assertions then say what was missing). */
async function endsWithin(stream: SseConnection, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stream.ended, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  await stream.close();
}
const closedReason = (stream: SseConnection) => {
  const last = stream.messages.find((m) => m.event === 'stream.closed');
  return last ? (JSON.parse(last.data) as { reason: string }).reason : undefined;
};

describe('a live alert stream opened with a short-lived token', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('ends when the token expires, and the access log records its opening and closing', async () => {
    const token = api.token('dr-expiring', ['clinician'], ['haem-x'], { expiresInSeconds: 3 });
    const started = Date.now();
    const stream = openSse(`${api.url}/v1/alerts/stream`, { authorization: `Bearer ${token}` });
    expect((await stream.opened).status).toBe(200);
    await endsWithin(stream, 8_000);
    const elapsed = Date.now() - started;
    expect(closedReason(stream)).toBe('TOKEN_EXPIRED');
    expect(elapsed).toBeGreaterThan(1_500);
    expect(elapsed).toBeLessThan(5_000);
    const entries = await eventually(async () => {
      const found = await api.infra.accessLog.find({ actor: 'dr-expiring' });
      return found.length >= 2 ? found : undefined;
    }, 'the stream in the access log');
    expect(entries.map((e) => [e.action, e.outcome, e.endpoint])).toEqual([
      ['close-alert-stream', 200, 'GET /v1/alerts/stream'],
      ['open-alert-stream', 200, 'GET /v1/alerts/stream'],
    ]);
    expect(entries[0]!.query).toMatchObject({ reason: 'TOKEN_EXPIRED', eventsSent: 0 });
  }, 15_000);

  it('opened with a ticket, ends when the token the ticket was issued for expires; the ticket works once and dies with that token', async () => {
    const token = api.token('dr-ticket', ['clinician'], ['haem-x'], { expiresInSeconds: 3 });
    const first = await api.request('POST', '/v1/alerts/stream-tickets', { token });
    const second = await api.request('POST', '/v1/alerts/stream-tickets', { token });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body.url).toBe(`/v1/alerts/stream?ticket=${first.body.ticket}`);
    expect(Date.parse(first.body.expiresAt) - Date.now()).toBeLessThanOrEqual(3_000);

    const stream = openSse(`${api.url}${first.body.url}`);
    expect((await stream.opened).status).toBe(200);
    await endsWithin(stream, 8_000);
    expect(closedReason(stream)).toBe('TOKEN_EXPIRED');

    const reused = await api.request('GET', first.body.url);
    expect(reused).toMatchObject({ status: 401, body: { code: 'INVALID_TICKET' } });
    const expiredWithItsToken = await api.request('GET', second.body.url);
    expect(expiredWithItsToken).toMatchObject({ status: 401, body: { code: 'INVALID_TICKET' } });
  }, 15_000);

  it('refuses a bearer token in the URL, a ticket anywhere but the stream, and tickets to roles without the stream', async () => {
    const token = api.token('dr-url', ['clinician'], ['haem-x']);
    expect(await api.request('GET', `/v1/alerts/stream?token=${token}`)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const { body } = await api.request('POST', '/v1/alerts/stream-tickets', { token });
    expect((await api.request('GET', `/v1/status?ticket=${body.ticket}`)).status).toBe(401);
    expect((await api.request('POST', '/v1/alerts/stream-tickets', { token: api.token('r', ['researcher']) })).status).toBe(403);
    expect((await api.request('POST', '/v1/alerts/stream-tickets')).status).toBe(401);
    expect((await api.request('GET', '/v1/alerts/stream?ticket=not-a-ticket')).status).toBe(401);
  });

  it('ends when its subscription dies, instead of sending heartbeats forever', async () => {
    const token = api.token('dr-poison', ['clinician'], ['haem-x']);
    const stream = openSse(`${api.url}/v1/alerts/stream`, { authorization: `Bearer ${token}` });
    expect((await stream.opened).status).toBe(200);
    // An alert event its schema cannot read: following the store past it fails.
    await api.infra.rawStore.appendToStream(`alert-${randomUUID()}`, [{ ...filler(), type: 'AlertRaised', data: { careTeam: 'haem-x', unreadable: true } }]);
    await endsWithin(stream, 8_000);
    expect(closedReason(stream)).toBe('SUBSCRIPTION_FAILED');
    const closing = await eventually(async () => (await api.infra.accessLog.find({ actor: 'dr-poison' })).find((e) => e.action === 'close-alert-stream'), 'the closing in the access log');
    expect(closing).toMatchObject({ outcome: 500, query: { reason: 'SUBSCRIPTION_FAILED' } });
  }, 15_000);
});

describe('live alert streams under load', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { ALERT_STREAMS_PER_PRINCIPAL: '2', ALERT_STREAMS_MAX: '3', ALERT_STREAM_REPLAY_MAX_EVENTS: '5' } });
  });
  afterAll(() => api?.close());

  it('are capped per user and in all, with a 429 saying which limit, until one closes', async () => {
    const open = (user: string) => openSse(`${api.url}/v1/alerts/stream`, { authorization: `Bearer ${api.token(user, ['clinician'], ['haem-x'])}` });
    const alice = [open('alice'), open('alice')];
    expect((await Promise.all(alice.map((s) => s.opened))).map((o) => o.status)).toEqual([200, 200]);
    const aliceThird = await open('alice').opened;
    expect(aliceThird).toMatchObject({ status: 429, body: { code: 'TOO_MANY_STREAMS' } });
    expect(aliceThird.body.message).toContain('ALERT_STREAMS_PER_PRINCIPAL');

    const bob = open('bob');
    expect((await bob.opened).status).toBe(200);
    const carol = await open('carol').opened;
    expect(carol.status).toBe(429);
    expect(carol.body.message).toContain('ALERT_STREAMS_MAX');
    const refusals = await api.infra.accessLog.find({ actor: 'carol' });
    expect(refusals.map((e) => [e.action, e.outcome])).toEqual([['open-alert-stream', 429]]);

    await alice[0]!.close();
    const carolAgain = await eventually(async () => {
      const attempt = open('carol');
      if ((await attempt.opened).status === 200) return attempt;
      return undefined;
    }, 'a slot to free up');
    await Promise.all([alice[1]!.close(), bob.close(), carolAgain.close()]);
  }, 20_000);

  it('replay at most the configured number of events back, and say so', async () => {
    const before = await api.infra.rawStore.headPosition();
    await api.infra.rawStore.appendToStream(`test-${randomUUID()}`, Array.from({ length: 10 }, filler));
    const head = await api.infra.rawStore.headPosition();
    expect(head - before).toBe(10);
    const token = api.token('dr-replay', ['clinician'], ['haem-x']);

    for (const stream of [openSse(`${api.url}/v1/alerts/stream?after=0`, { authorization: `Bearer ${token}` }), openSse(`${api.url}/v1/alerts/stream`, { authorization: `Bearer ${token}`, 'last-event-id': String(before) })]) {
      const [hello, truncated] = await stream.waitFor((m) => m.length >= 2, 'the stream to say where it starts');
      expect(hello!.comments).toContain(`connected after position ${head - 5}`);
      expect(truncated!.event).toBe('replay.truncated');
      expect(JSON.parse(truncated!.data)).toMatchObject({ resumedAfter: head - 5 });
      expect(truncated!.comments[0]).toContain('replay limited to the last 5 events');
      await stream.close();
    }

    const recent = openSse(`${api.url}/v1/alerts/stream?after=${head - 3}`, { authorization: `Bearer ${token}` });
    const [hello] = await recent.waitFor((m) => m.length >= 1, 'the stream to start');
    expect(hello!.comments).toContain(`connected after position ${head - 3}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recent.messages.some((m) => m.event === 'replay.truncated')).toBe(false);
    await recent.close();
  });
});
