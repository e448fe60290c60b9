import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { careTeamSchema, IdentityProviderUnavailableError, TokenError, USER_ROLES, type UserRole } from './claims';
import type { Principal } from './principal';

/** The hospital's OpenID Connect provider, as this API (a resource server) trusts it. */
export interface OidcIssuerOptions {
  /** Exactly the provider's `issuer` (its discovery document must say the same). */
  issuer: string;
  /** The `aud` its access tokens carry for this API. */
  audience: string;
  /** Where the roles are: a claim name, or a dotted path such as `realm_access.roles`. */
  rolesClaim: string;
  /** Where the care teams are (same syntax); absent means none. */
  careTeamsClaim: string;
  /** The provider's role names → ours. When given, only the names it lists count. */
  roleMap?: Record<string, UserRole>;
  /** Per request to the provider (discovery, keys). */
  timeoutMs?: number;
}

export const OIDC_ALGORITHMS = ['RS256', 'ES256'];

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

/**
 * Finds the provider's keys through OpenID Connect discovery, lazily (the API starts while the
 * provider is down; each request retries until discovery succeeds), and turns its tokens' claims
 * into a principal. jose's remote key set caches the keys and refetches on an unknown `kid`
 * (key rotation), at most every 30 s.
 */
export class OidcIssuer {
  private keySet?: Promise<JWTVerifyGetKey>;

  constructor(readonly options: OidcIssuerOptions) {}

  get issuer(): string {
    return this.options.issuer;
  }

  /** The key function for jose, with the provider's failures told apart from bad tokens. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keys = await this.keys();
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSEAlgNotAllowed) throw error;
      throw new IdentityProviderUnavailableError(`The identity provider's keys could not be fetched: ${(error as Error).message}`, { cause: error });
    }
  };

  principalFrom(payload: JWTPayload): Principal {
    const sub = z.string().min(1).max(200).safeParse(payload.sub);
    if (!sub.success) throw new TokenError('invalid token claims: sub must be a string of 1 to 200 characters');
    const { rolesClaim, careTeamsClaim, roleMap } = this.options;
    const granted = stringList(readClaim(payload, rolesClaim), rolesClaim);
    const roles = [...new Set(granted.flatMap((name) => (roleMap ? (roleMap[name] ?? []) : (USER_ROLES as readonly string[]).includes(name) ? [name as UserRole] : [])))];
    if (roles.length === 0) {
      const found = granted.length ? granted.slice(0, 10).join(', ') : 'nothing';
      throw new TokenError(`the token carries none of this system's roles in claim "${rolesClaim}" (found ${found}; see AUTH_OIDC_ROLE_MAP)`);
    }
    const careTeams = stringList(readClaim(payload, careTeamsClaim), careTeamsClaim);
    const badTeam = careTeams.find((team) => !careTeamSchema.safeParse(team).success);
    if (badTeam !== undefined) throw new TokenError(`invalid token claims: ${careTeamsClaim} holds a care team that is empty or longer than 64 characters`);
    return { userId: sub.data, roles, careTeams };
  }

  private keys(): Promise<JWTVerifyGetKey> {
    this.keySet ??= this.discover().catch((error: unknown) => {
      this.keySet = undefined;
      throw error;
    });
    return this.keySet;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const timeoutDuration = this.options.timeoutMs ?? 5_000;
    const url = `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutDuration), redirect: 'error', headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new IdentityProviderUnavailableError(`OpenID Connect discovery failed: ${(error as Error).message}`, { cause: error });
    }
    const document = discoverySchema.safeParse(body);
    if (!document.success) throw new IdentityProviderUnavailableError(`OpenID Connect discovery at ${url} has no valid issuer and jwks_uri`);
    // OpenID Connect Discovery §4.3: the document must name exactly the issuer asked for.
    if (document.data.issuer !== this.options.issuer) {
      throw new IdentityProviderUnavailableError(`OpenID Connect discovery at ${url} names issuer ${document.data.issuer}, not ${this.options.issuer} (AUTH_OIDC_ISSUER)`);
    }
    return createRemoteJWKSet(new URL(document.data.jwks_uri), { timeoutDuration });
  }
}

/**
 * A claim by name, else by dotted path (`realm_access.roles`, `resource_access.poems.roles`). The
 * whole name is tried first because some providers name claims with dots (`https://x.org/roles`).
 */
export function readClaim(payload: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Claims holding names come as arrays of strings, or as one space-separated string. */
function stringList(value: unknown, claim: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new TokenError(`invalid token claims: ${claim} must be a list of strings`);
}
