import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook requests carry `X-Poems-Signature: t=<unix seconds>,v1=<hex>`, where the hex is
 * HMAC-SHA256(subscription secret, `${t}.${raw body}`). Receivers recompute it over the raw body,
 * compare in constant time, and refuse timestamps older than a few minutes (replays).
 */
export const SIGNATURE_HEADER = 'x-poems-signature';

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

export function verifyWebhookSignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts['t']);
  if (!Number.isInteger(t) || !parts['v1'] || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts['v1'], 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
