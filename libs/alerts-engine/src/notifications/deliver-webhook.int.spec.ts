import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createTestSchema, type TestSchema } from '@poems/testing';
import type { EngineContext } from '../engine-context';
import { type WebhookSettings, WebhookSubscriptions } from '../webhook-subscriptions';
import { type ResolvedAddress, WebhookAddressPolicy } from '../webhooks/address-policy';
import { WebhookSecretBox } from '../webhooks/secret-box';
import { deliverWebhook, PermanentDeliveryFailure } from './deliver-webhook';
import { verifyWebhookSignature } from './webhook-signature';

const KEK = 'cd'.repeat(32);
const HOST = 'hooks.example.test';

interface Receiver {
  server: Server;
  received: Array<{ headers: IncomingHttpHeaders; body: string }>;
}

async function receiver(address: string, port: number, answer: (response: import('node:http').ServerResponse) => void = (r) => r.writeHead(204).end()): Promise<Receiver & { port: number }> {
  const received: Receiver['received'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, address, resolve));
  return { server, received, port: (server.address() as { port: number }).port };
}

/**
 * Deliveries check the URL again and connect only to what they checked. The test's own DNS answers
 * for hooks.example.test; two local receivers stand for "the checked address" (127.0.0.1, on the
 * operator's allow-list) and "somewhere else" (127.0.0.2, not allowed).
 */
describe('delivering a webhook', () => {
  let db: TestSchema;
  let allowed: Receiver & { port: number };
  let elsewhere: Receiver & { port: number };
  let answers: string[][];
  let lookups: number;
  const resolve = async (): Promise<ResolvedAddress[]> => {
    lookups += 1;
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    return next.map((address) => ({ address, family: 4 }));
  };
  const settings = (): WebhookSettings => ({
    policy: new WebhookAddressPolicy({ allowedHosts: ['127.0.0.1'], allowHttp: true, resolve }),
    secrets: new WebhookSecretBox(KEK),
    maxPerTeam: 10,
  });

  beforeEach(async () => {
    db = await createTestSchema('deliver');
    allowed = await receiver('127.0.0.1', 0);
    elsewhere = await receiver('127.0.0.2', allowed.port);
    answers = [['127.0.0.1']];
    lookups = 0;
  });
  afterEach(async () => {
    for (const { server } of [allowed, elsewhere]) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
    await db.drop();
  });

  async function subscribeAndQueue(path = '/hook') {
    const subscriptions = await WebhookSubscriptions.open(db.pool, db.schema, settings());
    const subscription = await subscriptions.create({ careTeam: 'haem-a', url: `http://${HOST}:${allowed.port}${path}`, createdBy: 'admin-1' });
    const deliveryId = randomUUID();
    await db.pool.query(
      `INSERT INTO ${db.schema}.webhook_deliveries (delivery_id, subscription_id, alert_id, event_id, event_type, payload) VALUES ($1, $2, $3, $4, 'AlertRaised', $5)`,
      [deliveryId, subscription.subscriptionId, randomUUID(), randomUUID(), { event: 'alert.raised', alertId: 'a-1' }],
    );
    lookups = 0;
    return { deliveryId, secret: subscription.secret };
  }

  const context = () => ({ pool: db.pool, schema: db.schema, clock: () => new Date(), webhookTimeoutMs: 2000, webhooks: settings() }) as unknown as EngineContext;
  const attempts = async (deliveryId: string) =>
    (await db.pool.query(`SELECT a.error, a.status_code, d.status FROM ${db.schema}.webhook_delivery_attempts a JOIN ${db.schema}.webhook_deliveries d USING (delivery_id) WHERE delivery_id = $1`, [deliveryId])).rows;

  it('connects to the address it checked, even when the name resolves elsewhere a moment later (DNS rebinding)', async () => {
    const { deliveryId, secret } = await subscribeAndQueue();
    answers = [['127.0.0.1'], ['127.0.0.2']];
    expect(await deliverWebhook(context(), deliveryId, false)).toBe('delivered');
    expect(lookups).toBe(1);
    expect(allowed.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    const [{ headers, body }] = allowed.received as [Receiver['received'][number]];
    expect(headers['host']).toBe(`${HOST}:${allowed.port}`);
    expect(verifyWebhookSignature(secret, body, String(headers['x-poems-signature']), Math.floor(Date.now() / 1000))).toBe(true);
  });

  it('checks again at delivery: a name that now resolves to a refused address is not contacted, and the delivery stops', async () => {
    const { deliveryId } = await subscribeAndQueue();
    answers = [['127.0.0.2']];
    await expect(deliverWebhook(context(), deliveryId, false)).rejects.toBeInstanceOf(PermanentDeliveryFailure);
    expect(elsewhere.received).toHaveLength(0);
    expect(allowed.received).toHaveLength(0);
    expect(await attempts(deliveryId)).toEqual([
      { error: `refused: host ${HOST} resolves to 127.0.0.2, which is a loopback address; refused unless WEBHOOK_ALLOWED_HOSTS names it`, status_code: null, status: 'failed' },
    ]);
  });

  it('does not follow redirects', async () => {
    allowed.server.removeAllListeners('request');
    allowed.server.on('request', (request, response) => {
      request.resume();
      response.writeHead(302, { location: `http://127.0.0.2:${allowed.port}/stolen` }).end();
    });
    const { deliveryId } = await subscribeAndQueue();
    await expect(deliverWebhook(context(), deliveryId, false)).rejects.toThrow(/redirects are not followed/);
    expect(elsewhere.received).toHaveLength(0);
    expect(await attempts(deliveryId)).toEqual([{ error: null, status_code: 302, status: 'failed' }]);
  });
});
