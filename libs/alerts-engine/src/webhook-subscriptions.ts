import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

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

export class WebhookSubscriptions {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /** Returns the subscription with its signing secret: the only time the secret is shown. */
  async create(input: { careTeam: string; url: string; description?: string; createdBy: string; secret?: string }): Promise<WebhookSubscription & { secret: string }> {
    const secret = input.secret ?? randomBytes(32).toString('hex');
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.schema}.webhook_subscriptions (subscription_id, care_team, url, secret, description, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [randomUUID(), input.careTeam, input.url, secret, input.description ?? null, input.createdBy],
    );
    return { ...toSubscription(rows[0]), secret };
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
