import { hkdfSync } from 'node:crypto';
import { type EncryptedEnvelope, encryptedEnvelopeSchema, openJson, sealJson } from '@poems/identity-vault';

/**
 * Webhook signing secrets are stored sealed (AES-256-GCM, bound to their subscription), under a
 * key derived from DATA_KEY_ENCRYPTION_KEY for this one purpose: a copy of the database alone
 * does not let anyone forge deliveries.
 */
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(keyEncryptionKeyHex: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(keyEncryptionKeyHex, 'hex'), Buffer.alloc(0), 'poems webhook signing secrets v1', 32));
  }

  seal(subscriptionId: string, secret: string): EncryptedEnvelope {
    return sealJson(this.key, 'webhook-secret-v1', aadFor(subscriptionId), secret);
  }

  open(subscriptionId: string, sealed: unknown): string {
    const secret = openJson(this.key, aadFor(subscriptionId), encryptedEnvelopeSchema.parse(sealed));
    if (typeof secret !== 'string') throw new Error(`The signing secret of webhook subscription ${subscriptionId} is not a string`);
    return secret;
  }
}

function aadFor(subscriptionId: string): string {
  return `poems:webhook-subscription:${subscriptionId}`;
}
