import { z } from 'zod';

export const USER_ROLES = ['clinician', 'auditor', 'researcher', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A bearer token was refused; the message says why (it is shown to the caller). */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * The identity provider could not be asked for its keys (down, slow, misconfigured). Not the
 * caller's fault: the API answers 503 so clients retry instead of discarding a good token.
 */
export class IdentityProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailableError';
  }
}

export const careTeamSchema = z.string().min(1).max(64);

/** The claims of this system's own (HS256) tokens; `iss`, `aud`, `exp` and `iat` are checked by the verifier. */
export const localClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(z.enum(USER_ROLES)).min(1),
  careTeams: z.array(careTeamSchema).default([]),
});
