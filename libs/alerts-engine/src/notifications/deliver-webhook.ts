import type { EngineContext } from '../engine-context';
import { WebhookUrlRefused } from '../webhooks/address-policy';
import { pinnedPost } from '../webhooks/pinned-post';
import { signWebhook } from './webhook-signature';

export class PermanentDeliveryFailure extends Error {}

/**
 * One delivery attempt: check the URL against the address policy again (DNS may have changed since
 * registration) and POST the payload, signed, with a timeout, to the checked addresses; record the
 * attempt whatever happens. A 2xx delivers; a refused address, a redirect (never followed) and a
 * 4xx other than 408/429 will never succeed (permanent); anything else is retried with exponential
 * backoff by the queue. A slow endpoint only holds its own job.
 */
export async function deliverWebhook(ctx: EngineContext, deliveryId: string, isLastAttempt: boolean): Promise<'delivered' | 'skipped'> {
  const { rows } = await ctx.pool.query(
    `SELECT d.status, d.attempts, d.payload, d.event_type, d.subscription_id, s.url, s.secret_sealed, s.active
     FROM ${ctx.schema}.webhook_deliveries d JOIN ${ctx.schema}.webhook_subscriptions s USING (subscription_id) WHERE d.delivery_id = $1`,
    [deliveryId],
  );
  const delivery = rows[0];
  if (!delivery || delivery.status !== 'pending') return 'skipped';
  if (!delivery.active) {
    await finish(ctx, deliveryId, 'failed');
    return 'skipped';
  }
  const attempt = delivery.attempts + 1;
  const body = JSON.stringify(delivery.payload);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    const target = await ctx.webhooks.policy.target(delivery.url);
    const secret = ctx.webhooks.secrets.open(delivery.subscription_id, delivery.secret_sealed);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'poems-monitor-webhooks/1',
      'x-poems-event': delivery.payload.event,
      'x-poems-delivery': deliveryId,
      'x-poems-signature': signWebhook(secret, body, Math.floor(ctx.clock().getTime() / 1000)),
    };
    statusCode = await pinnedPost(target, headers, body, ctx.webhookTimeoutMs);
  } catch (failure) {
    refused = failure instanceof WebhookUrlRefused;
    error = refused ? `refused: ${(failure as Error).message}` : (failure as Error).message;
  }
  await ctx.pool.query(
    `INSERT INTO ${ctx.schema}.webhook_delivery_attempts (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [deliveryId, attempt, statusCode, error, Date.now() - started],
  );
  await ctx.pool.query(`UPDATE ${ctx.schema}.webhook_deliveries SET attempts = $2, updated_at = now() WHERE delivery_id = $1`, [deliveryId, attempt]);
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    await finish(ctx, deliveryId, 'delivered');
    return 'delivered';
  }
  const redirected = statusCode !== null && statusCode >= 300 && statusCode < 400;
  const permanent = refused || redirected || (statusCode !== null && statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429);
  if (permanent || isLastAttempt) await finish(ctx, deliveryId, 'failed');
  const reason = error ?? (redirected ? `HTTP ${statusCode}: redirects are not followed` : `HTTP ${statusCode}`);
  if (permanent) throw new PermanentDeliveryFailure(`webhook delivery stopped: ${reason}`);
  throw new Error(`webhook delivery failed (attempt ${attempt}): ${reason}`);
}

async function finish(ctx: EngineContext, deliveryId: string, status: 'delivered' | 'failed'): Promise<void> {
  await ctx.pool.query(
    `UPDATE ${ctx.schema}.webhook_deliveries SET status = $2, updated_at = now(), delivered_at = CASE WHEN $2 = 'delivered' THEN now() END WHERE delivery_id = $1`,
    [deliveryId, status],
  );
}
