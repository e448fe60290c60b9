import { randomUUID } from 'node:crypto';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { WebhookLimitReached, type WebhookSettings, WebhookSubscriptions } from './webhook-subscriptions';
import { WebhookAddressPolicy, WebhookUrlRefused } from './webhooks/address-policy';
import { WebhookSecretBox } from './webhooks/secret-box';

const KEK = 'ef'.repeat(32);

describe('webhook subscriptions', () => {
  let db: TestSchema;
  const settings: WebhookSettings = {
    policy: new WebhookAddressPolicy({ allowedHosts: [], allowHttp: false, resolve: async () => [{ address: '93.184.216.34', family: 4 }] }),
    secrets: new WebhookSecretBox(KEK),
    maxPerTeam: 2,
  };
  beforeEach(async () => {
    db = await createTestSchema('webhooks');
  });
  afterEach(() => db.drop());

  const rows = async () => (await db.pool.query(`SELECT subscription_id, secret, secret_sealed FROM ${db.schema}.webhook_subscriptions`)).rows;

  it('stores the signing secret sealed, never in clear', async () => {
    const subscriptions = await WebhookSubscriptions.open(db.pool, db.schema, settings);
    const created = await subscriptions.create({ careTeam: 'haem-a', url: 'https://hooks.example.com/a', createdBy: 'admin-1' });
    const [row] = await rows();
    expect(row.secret).toBeNull();
    expect(JSON.stringify(row.secret_sealed)).not.toContain(created.secret);
    expect(settings.secrets.open(created.subscriptionId, row.secret_sealed)).toBe(created.secret);
    expect(() => new WebhookSecretBox('01'.repeat(32)).open(created.subscriptionId, row.secret_sealed)).toThrow();
  });

  it('seals secrets stored in clear before this version, when opened', async () => {
    await WebhookSubscriptions.open(db.pool, db.schema, settings);
    const id = randomUUID();
    await db.pool.query(`INSERT INTO ${db.schema}.webhook_subscriptions (subscription_id, care_team, url, secret, created_by) VALUES ($1, 'haem-a', 'https://old.example.com', 'old-secret', 'x')`, [id]);
    await WebhookSubscriptions.open(db.pool, db.schema, settings);
    const [row] = await rows();
    expect(row.secret).toBeNull();
    expect(settings.secrets.open(id, row.secret_sealed)).toBe('old-secret');
  });

  it('caps the active subscriptions of a care team', async () => {
    const subscriptions = await WebhookSubscriptions.open(db.pool, db.schema, settings);
    const create = (careTeam: string) => subscriptions.create({ careTeam, url: 'https://hooks.example.com/a', createdBy: 'admin-1' });
    const first = await create('haem-a');
    await create('haem-a');
    await expect(create('haem-a')).rejects.toBeInstanceOf(WebhookLimitReached);
    await expect(create('haem-b')).resolves.toBeDefined();
    await subscriptions.deactivate(first.subscriptionId);
    await expect(create('haem-a')).resolves.toBeDefined();
    // Concurrent creations are serialised: the cap holds.
    const results = await Promise.allSettled([create('neuro-c'), create('neuro-c'), create('neuro-c'), create('neuro-c')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
  });

  it('stores nothing for a refused URL', async () => {
    const subscriptions = await WebhookSubscriptions.open(db.pool, db.schema, settings);
    await expect(subscriptions.create({ careTeam: 'haem-a', url: 'https://169.254.169.254/', createdBy: 'admin-1' })).rejects.toBeInstanceOf(WebhookUrlRefused);
    expect(await rows()).toEqual([]);
  });
});
