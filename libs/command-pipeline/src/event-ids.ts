import { createHmac } from 'node:crypto';
import { canonicalJson, derivedUuid } from '@poems/event-store';

/**
 * Event ids derived from an Idempotency-Key: scoped to the caller and the key (not the stream, so
 * a key reused on another patient collides instead of writing twice), then to the command's part
 * of the request (its import line) and the event's index. A retried request finds its own events.
 */
export function idempotencyScope(userId: string, idempotencyKey: string): string {
  return JSON.stringify(['poems-request', userId, idempotencyKey]);
}

export function deterministicEventId(scope: string, part: string, index: number): string {
  return derivedUuid(`${scope}#${part}#${index}`);
}

/**
 * Fingerprint of a request, stored in every event's metadata and with the Idempotency-Key. Keyed
 * (HMAC): a plain hash of a body holding a name and birth date could be reversed by guessing, and
 * would outlive the erasure of that identity.
 */
export class RequestHasher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('poems:request-hash').digest();
  }

  hash(request: unknown): string {
    return createHmac('sha256', this.key).update(canonicalJson(request)).digest('hex');
  }

  /** For requests too large to hold (an import): feed its parts in order, then `digest`. */
  incremental(door: string): { update(part: unknown): void; digest(): string } {
    const hmac = createHmac('sha256', this.key).update(canonicalJson({ door }));
    return {
      update: (part) => void hmac.update(`\n${canonicalJson(part)}`),
      digest: () => hmac.digest('hex'),
    };
  }
}
