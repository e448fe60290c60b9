import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * HS256 JSON Web Tokens, just what this system needs: sign for local use, verify every request.
 * Only HS256 is accepted (no `alg: none`, no algorithm confusion); `exp` is mandatory.
 */
export const USER_ROLES = ['clinician', 'auditor', 'researcher', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(z.enum(USER_ROLES)).min(1),
  careTeams: z.array(z.string().min(1).max(64)).default([]),
  iat: z.number().int().optional(),
  nbf: z.number().int().optional(),
  exp: z.number().int(),
  iss: z.string().optional(),
});
export type Claims = z.infer<typeof claimsSchema>;

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signToken(
  claims: { sub: string; roles: UserRole[]; careTeams?: string[]; iss?: string },
  secret: string,
  options: { expiresInSeconds?: number; now?: Date } = {},
): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = { ...claims, careTeams: claims.careTeams ?? [], iat, exp: iat + (options.expiresInSeconds ?? 12 * 3600) };
  const body = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${body}.${signature(body, secret)}`;
}

export function verifyToken(token: string, secret: string, options: { now?: Date; issuer?: string; leewaySeconds?: number } = {}): Claims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('malformed token: expected three dot-separated parts');
  const [header, payload, sig] = parts as [string, string, string];
  let parsedHeader: unknown;
  let parsedPayload: unknown;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    parsedPayload = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed token: header or payload is not base64url JSON');
  }
  if ((parsedHeader as { alg?: unknown })?.alg !== 'HS256') throw new TokenError('unsupported token algorithm: only HS256 is accepted');
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new TokenError('invalid token signature');
  const claims = claimsSchema.safeParse(parsedPayload);
  if (!claims.success) {
    throw new TokenError(`invalid token claims: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const leeway = options.leewaySeconds ?? 30;
  if (claims.data.exp + leeway < now) throw new TokenError('token expired');
  if (claims.data.nbf !== undefined && claims.data.nbf - leeway > now) throw new TokenError('token not yet valid');
  if (options.issuer && claims.data.iss !== undefined && claims.data.iss !== options.issuer) throw new TokenError('token from another issuer');
  return claims.data;
}

function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
