import { createHmac } from 'node:crypto';
import type { UserRole } from './claims';

/** What signs and what verifies this system's own tokens (HS256): development, demos, operators. */
export interface LocalTokenKey {
  secret: string;
  issuer: string;
  audience: string;
}

export interface TokenSubject {
  sub: string;
  roles: UserRole[];
  careTeams?: string[];
}

/**
 * Mints an HS256 token with `iss`, `aud`, `iat` and `exp`. Synchronous on purpose (jose signs only
 * asynchronously, and the CLI and hundreds of test calls mint tokens inline); a JWS compact
 * signature is one HMAC. Verification, where mistakes are dangerous, is jose's (token-verifier.ts),
 * and the tests check that jose accepts what this mints.
 */
export function signToken(subject: TokenSubject, key: LocalTokenKey, options: { expiresInSeconds?: number; now?: Date } = {}): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = {
    sub: subject.sub,
    roles: subject.roles,
    careTeams: subject.careTeams ?? [],
    iss: key.issuer,
    aud: key.audience,
    iat,
    exp: iat + (options.expiresInSeconds ?? 12 * 3600),
  };
  const body = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
  return `${body}.${createHmac('sha256', key.secret).update(body).digest('base64url')}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
