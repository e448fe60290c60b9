import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '@poems/config';
import { inTransaction } from '@poems/event-store';
import type { Pool } from 'pg';
import { migrateAlertEngine } from './engine-tables';
import { WebhookAddressPolicy } from './webhooks/address-policy';
import { WebhookSecretBox } from './webhooks/secret-box';

/** Webhook subscriptions per care team, and what was delivered to them. */
export interface WebhookSubscription {
  subscriptionId: string;
  careTeam: string;
  url: string;
  description: string | null;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

export interface WebhookSettings {
  policy: WebhookAddressPolicy;
  secrets: WebhookSecretBox;
  /** Active subscriptions one care team may have. */
  maxPerTeam: number;
}

export function webhookSettingsFrom(config: AppConfig): WebhookSettings {
  return {
    policy: new WebhookAddressPolicy({ allowedHosts: config.WEBHOOK_ALLOWED_HOSTS, allowHttp: config.WEBHOOK_ALLOW_HTTP }),
    secrets: new WebhookSecretBox(config.DATA_KEY_ENCRYPTION_KEY),
    maxPerTeam: config.WEBHOOK_MAX_PER_TEAM,
  };
}

export class WebhookLimitReached extends Error {
  constructor(
    readonly careTeam: string,
    readonly limit: number,
  ) {
    super(`Care team ${careTeam} already has ${limit} active webhook subscriptions (WEBHOOK_MAX_PER_TEAM): remove one first`);
    this.name = 'WebhookLimitReached';
  }
}

export class WebhookSubscriptions {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly settings: WebhookSettings,
  ) {}

  /** Creates or migrates the tables and seals any secret still stored in clear. */
  static async open(pool: Pool, schema: string, settings: WebhookSettings): Promise<WebhookSubscriptions> {
    await migrateAlertEngine(pool, schema);
    await sealPlaintextSecrets(pool, schema, settings.secrets);
    return new WebhookSubscriptions(pool, schema, settings);
  }

  /**
   * Checks the URL against the address policy (resolving its host), enforces the care team's cap,
   * and returns the subscription with its signing secret: the only time the secret is shown.
   * Throws WebhookUrlRefused or WebhookLimitReached.
   */
  async create(input: { careTeam: string; url: string; description?: string; createdBy: string }): Promise<WebhookSubscription & { secret: string }> {
    await this.settings.policy.target(input.url);
    const subscriptionId = randomUUID();
    const secret = randomBytes(32).toString('hex');
    return inTransaction(this.pool, async (client) => {
      // Serialises creations per team, so two at once cannot both slip under the cap.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}:webhooks:${input.careTeam}`]);
      const { rows: counted } = await client.query(`SELECT count(*)::int AS n FROM ${this.schema}.webhook_subscriptions WHERE care_team = $1 AND active`, [input.careTeam]);
      if (counted[0].n >= this.settings.maxPerTeam) throw new WebhookLimitReached(input.careTeam, this.settings.maxPerTeam);
      const { rows } = await client.query(
        `INSERT INTO ${this.schema}.webhook_subscriptions (subscription_id, care_team, url, secret_sealed, description, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [subscriptionId, input.careTeam, input.url, JSON.stringify(this.settings.secrets.seal(subscriptionId, secret)), input.description ?? null, input.createdBy],
      );
      return { ...toSubscription(rows[0]), secret };
    });
  }

  async list(careTeams: string[] | null): Promise<WebhookSubscription[]> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.schema}.webhook_subscriptions WHERE ($1::text[] IS NULL OR care_team = ANY($1)) ORDER BY created_at`, [careTeams]);
    return rows.map(toSubscription);
  }

  async find(subscriptionId: string): Promise<WebhookSubscription | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.schema}.webhook_subscriptions WHERE subscription_id = $1`, [subscriptionId]);
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  async deactivate(subscriptionId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE ${this.schema}.webhook_subscriptions SET active = false WHERE subscription_id = $1 AND active`, [subscriptionId]);
    return (rowCount ?? 0) > 0;
  }

  async deliveries(subscriptionId: string, limit = 100) {
    const { rows } = await this.pool.query(
      `SELECT d.delivery_id::text AS "deliveryId", d.alert_id::text AS "alertId", d.event_type AS "eventType", d.status, d.attempts,
              d.created_at AS "createdAt", d.delivered_at AS "deliveredAt",
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                        FROM ${this.schema}.webhook_delivery_attempts a WHERE a.delivery_id = d.delivery_id), '[]') AS "attemptLog"
       FROM ${this.schema}.webhook_deliveries d WHERE d.subscription_id = $1 ORDER BY d.created_at DESC LIMIT $2`,
      [subscriptionId, limit],
    );
    return rows;
  }
}

/** Seals secrets written before they were stored sealed. Idempotent; safe to run from every process. */
export async function sealPlaintextSecrets(pool: Pool, schema: string, secrets: WebhookSecretBox): Promise<number> {
  const sealed = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ subscription_id: string; secret: string }>(
      `SELECT subscription_id, secret FROM ${schema}.webhook_subscriptions WHERE secret IS NOT NULL FOR UPDATE SKIP LOCKED`,
    );
    for (const row of rows) {
      await client.query(`UPDATE ${schema}.webhook_subscriptions SET secret_sealed = $2, secret = NULL WHERE subscription_id = $1`, [
        row.subscription_id,
        JSON.stringify(secrets.seal(row.subscription_id, row.secret)),
      ]);
    }
    return rows.length;
  });
  // Reclaim the old row versions that still hold the secrets in clear (WAL and backups aside).
  if (sealed > 0) await pool.query(`VACUUM ${schema}.webhook_subscriptions`).catch(() => undefined);
  return sealed;
}

function toSubscription(row: Record<string, unknown>): WebhookSubscription {
  return {
    subscriptionId: String(row['subscription_id']),
    careTeam: String(row['care_team']),
    url: String(row['url']),
    description: (row['description'] as string | null) ?? null,
    createdBy: String(row['created_by']),
    createdAt: (row['created_at'] as Date).toISOString(),
    active: Boolean(row['active']),
  };
}
