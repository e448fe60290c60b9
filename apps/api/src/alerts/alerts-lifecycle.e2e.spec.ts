import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@poems/alerts-engine';
import { eventually } from '@poems/testing';
import { startTestApi, type TestApi } from '../testing/test-api';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

function webhookServer(behaviour: (attemptOfThisDelivery: number) => Promise<number>): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      received.push({ headers: request.headers, body, at: Date.now() });
      const attempt = received.filter((r) => r.headers['x-poems-delivery'] === request.headers['x-poems-delivery']).length;
      const status = await behaviour(attempt);
      if (!response.destroyed) response.writeHead(status).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received })));
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('the alert lifecycle: raise, deliver, stream, acknowledge, escalate', () => {
  let api: TestApi;
  let clinician: string;
  const servers: Server[] = [];
  const patientId = randomUUID();

  beforeAll(async () => {
    // The receivers are local plain-http servers registered by a clinician: the allow-list, http and the registration policy say so.
    api = await startTestApi({
      withAlerts: true,
      env: { ALERT_ESCALATION_AFTER_MS: '1500', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_REGISTRATION: 'care-team-clinicians' },
    });
    clinician = api.token('dr-kato', ['clinician'], ['haem-t']);
  }, 60_000);
  afterAll(async () => {
    await api.close();
    servers.forEach((server) => server.closeAllConnections());
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('delivers signed webhooks, retries a failing endpoint, and is not held up by a hanging one', async () => {
    const ok = await webhookServer(async () => 204);
    const flaky = await webhookServer(async (attempt) => (attempt <= 2 ? 503 : 200));
    const hanging = await webhookServer(() => new Promise((resolve) => setTimeout(() => resolve(200), 20_000)));
    servers.push(ok.server, flaky.server, hanging.server);
    const secrets: Record<string, string> = {};
    for (const target of [ok, flaky, hanging]) {
      const created = await api.request('POST', '/v1/webhook-subscriptions', { token: clinician, body: { careTeam: 'haem-t', url: target.url } });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^[0-9a-f]{64}$/);
      secrets[target.url] = created.body.secret;
    }
    expect((await api.request('POST', '/v1/webhook-subscriptions', { token: clinician, body: { careTeam: 'haem-x', url: ok.url } })).status).toBe(403);

    const sse = openStream(api.url, clinician);
    // The whole transplant history arrives at once (an import), as a hospital migrating its records would send it.
    const history = [
      { type: 'EnrollPatient', patientId, birthDate: '1968-03-03', sex: 'female', heightCm: 155, weightKg: 50, careTeam: 'haem-t', enrolledAt: daysAgo(80) },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'MOBILISATION', occurredAt: daysAgo(75), cyclophosphamideMg: 6000 },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'APHERESIS', occurredAt: daysAgo(65), cd34PerKg: 1.4 },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'CONDITIONING', occurredAt: daysAgo(45), melphalanMg: 300 },
      { type: 'RecordTransplantMilestone', patientId, milestone: 'STEM_CELL_INFUSION', occurredAt: daysAgo(43) },
    ];
    const imported = await api.request('POST', '/v1/import', { raw: history.map((line) => JSON.stringify(line)).join('\n'), token: clinician, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);

    const alerts = await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', `/v1/alerts?patientId=${patientId}`, { token: clinician });
      return body.items.length >= 3 ? body.items : undefined;
    }, 'LOW_CD34_YIELD, DELAYED_ENGRAFTMENT and GRAFT_FAILURE_RISK', 30_000);
    // Day +43 without engraftment: past day +21 (delayed) and day +30 (graft failure risk).
    expect(alerts.map((a: any) => [a.rule, a.severity, a.status]).sort()).toEqual([
      ['DELAYED_ENGRAFTMENT', 'warning', 'OPEN'],
      ['GRAFT_FAILURE_RISK', 'critical', 'OPEN'],
      ['LOW_CD34_YIELD', 'warning', 'OPEN'],
    ]);
    for (const alert of alerts) {
      expect(alert.summary.length).toBeLessThan(140);
      expect(alert.evidence.length).toBeGreaterThan(0);
    }

    await eventually(() => ok.received.length >= 3, 'the healthy endpoint to receive the three alerts', 10_000);
    const raisedDeliveries = ok.received.filter((r) => r.headers['x-poems-event'] === 'alert.raised');
    expect(raisedDeliveries).toHaveLength(3);
    for (const delivery of ok.received) {
      expect(verifyWebhookSignature(secrets[ok.url]!, delivery.body, String(delivery.headers['x-poems-signature']), Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhookSignature('wrong-secret', delivery.body, String(delivery.headers['x-poems-signature']), Math.floor(Date.now() / 1000))).toBe(false);
    }
    expect(new Set(ok.received.map((r) => r.headers['x-poems-delivery'])).size).toBe(ok.received.length); // each delivery once
    await eventually(() => flaky.received.filter((r) => r.headers['x-poems-delivery'] === flaky.received[0]!.headers['x-poems-delivery']).length >= 3, 'the flaky endpoint to get a third attempt', 30_000);
    const list = await api.request('GET', '/v1/webhook-subscriptions', { token: clinician });
    const flakyId = list.body.items.find((s: any) => s.url === flaky.url).subscriptionId;
    const deliveries = await eventually(async () => {
      const { body } = await api.request('GET', `/v1/webhook-subscriptions/${flakyId}/deliveries`, { token: clinician });
      return body.items.some((d: any) => d.status === 'delivered' && d.attemptLog.length >= 3) ? body.items : undefined;
    }, 'the flaky delivery to be recorded as delivered after retries', 30_000);
    const retried = deliveries.find((d: any) => d.attemptLog.length >= 3);
    expect(retried.attemptLog.slice(0, 2).map((a: any) => a.statusCode)).toEqual([503, 503]);

    const streamed = await sse.waitFor((events) => events.filter((e) => e.event === 'alert.raised').length >= 3, 10_000);
    expect(streamed.some((e) => e.data.includes('GRAFT_FAILURE_RISK'))).toBe(true);
    sse.close();
  }, 90_000);

  it('escalates an unacknowledged critical alert, and takes acknowledgements with their reasons', async () => {
    const { body } = await api.request('GET', `/v1/alerts?patientId=${patientId}`, { token: clinician });
    const critical = body.items.find((a: any) => a.rule === 'GRAFT_FAILURE_RISK');
    const warning = body.items.find((a: any) => a.rule === 'LOW_CD34_YIELD');
    const escalated = await eventually(async () => {
      const { body: one } = await api.request('GET', `/v1/alerts/${critical.alertId}`, { token: clinician });
      return one.alert.escalationLevel >= 1 ? one : undefined;
    }, 'the critical alert to be escalated', 20_000);
    expect(escalated.history.map((h: any) => h.type)).toEqual(expect.arrayContaining(['AlertRaised', 'AlertEscalated']));

    const noReason = await api.request('POST', `/v1/alerts/${warning.alertId}/acknowledge`, { token: clinician, body: { outcome: 'overridden' } });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'REASON_REQUIRED' } });
    const overridden = await api.request('POST', `/v1/alerts/${warning.alertId}/acknowledge`, { token: clinician, body: { outcome: 'overridden', reason: 'second apheresis planned' } });
    expect(overridden.status).toBe(201);
    expect((await api.request('POST', `/v1/alerts/${warning.alertId}/acknowledge`, { token: clinician, body: { outcome: 'accepted' } })).status).toBe(409);
    expect((await api.request('POST', `/v1/alerts/${critical.alertId}/acknowledge`, { token: api.token('other', ['clinician'], ['haem-z']), body: { outcome: 'accepted' } })).status).toBe(404);
    const key = { 'idempotency-key': `ack-${critical.alertId}` };
    const accepted = await api.request('POST', `/v1/alerts/${critical.alertId}/acknowledge`, { token: clinician, body: { outcome: 'accepted' }, headers: key });
    expect(accepted).toMatchObject({ status: 201, body: { replayed: false } });
    // A retry of the same acknowledgement answers as the first did; the key reused for another answer is refused.
    const retried = await api.request('POST', `/v1/alerts/${critical.alertId}/acknowledge`, { token: clinician, body: { outcome: 'accepted' }, headers: key });
    expect(retried).toMatchObject({ status: 201, body: { replayed: true, revision: accepted.body.revision, events: accepted.body.events } });
    const reused = await api.request('POST', `/v1/alerts/${critical.alertId}/acknowledge`, { token: clinician, body: { outcome: 'overridden', reason: 'x' }, headers: key });
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    const history = await api.request('GET', `/v1/alerts/${warning.alertId}`, { token: clinician });
    expect(history.body.history.at(-1)).toMatchObject({ type: 'AlertAcknowledged', actor: { userId: 'dr-kato' }, data: { outcome: 'overridden', reason: 'second apheresis planned' } });
    await api.projectionsCaughtUp();
    const stats = await api.request('GET', '/v1/alerts/stats', { token: clinician });
    const byRule = Object.fromEntries(stats.body.rules.map((r: any) => [r.rule, r]));
    expect(byRule['LOW_CD34_YIELD']).toMatchObject({ raised: 1, acknowledged: 1, overridden: 1, overrideRate: 1 });
    expect(byRule['GRAFT_FAILURE_RISK']).toMatchObject({ raised: 1, acknowledged: 1, accepted: 1, escalated: 1 });
    expect(byRule['GRAFT_FAILURE_RISK'].medianSecondsToAcknowledge).toBeGreaterThanOrEqual(1);
    const acknowledgedList = await api.request('GET', `/v1/alerts?patientId=${patientId}&status=ACKNOWLEDGED`, { token: clinician });
    expect(acknowledgedList.body.items).toHaveLength(2);
    expect((await api.request('GET', '/v1/alerts', { token: api.token('r', ['researcher']) })).status).toBe(403);
  }, 60_000);

  it('resolves an alert by itself when the condition clears', async () => {
    expect((await api.request('POST', `/v1/patients/${patientId}/transplant-milestones`, { token: clinician, body: { milestone: 'NEUTROPHIL_ENGRAFTMENT', occurredAt: daysAgo(1) } })).status).toBe(201);
    const resolved = await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', `/v1/alerts?patientId=${patientId}&rule=GRAFT_FAILURE_RISK`, { token: clinician });
      return body.items[0]?.status === 'RESOLVED' ? body.items[0] : undefined;
    }, 'the graft failure alert to resolve', 20_000);
    expect(resolved.resolved).toMatchObject({ reason: 'CONDITION_CLEARED' });
  }, 30_000);
});

function openStream(base: string, token: string) {
  const controller = new AbortController();
  const events: { event: string; data: string; id: string }[] = [];
  const done = (async () => {
    const response = await fetch(`${base}/v1/alerts/stream?after=0`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) return;
      buffer += decoder.decode(value, { stream: true });
      let split;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        if (fields['event']) events.push({ event: fields['event'], data: fields['data'] ?? '', id: fields['id'] ?? '' });
      }
    }
  })().catch(() => undefined);
  return {
    waitFor: (check: (e: typeof events) => boolean, timeoutMs: number) => eventually(() => (check(events) ? events : undefined), 'server-sent alert events', timeoutMs),
    close: () => {
      controller.abort();
      return done;
    },
  };
}
