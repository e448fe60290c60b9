import { decodeJwt, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { IdentityProviderUnavailableError, localClaimsSchema, TokenError } from './claims';
import type { LocalTokenKey } from './local-tokens';
import { OIDC_ALGORITHMS, OidcIssuer, type OidcIssuerOptions } from './oidc-issuer';
import type { Principal } from './principal';

export interface TokenPolicy {
  /** Clock difference tolerated on `exp`, `nbf` and `iat` between the issuer and us. */
  leewaySeconds: number;
  /** The longest `exp - iat` accepted: a stolen token must not stay useful for long. */
  maxLifetimeSeconds: number;
}

export interface TokenVerifierOptions {
  local: LocalTokenKey;
  oidc?: OidcIssuerOptions;
  policy: TokenPolicy;
  now?: () => Date;
}

export interface VerifiedToken {
  principal: Principal;
  issuer: string;
  /** When the token stops being valid (its `exp`): long-lived answers such as streams end here. */
  expiresAt: Date;
}

/** Claims every token must carry, whoever issued it. */
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'sub'];

/**
 * Verifies bearer tokens with jose: this system's own HS256 tokens, and, when configured, the
 * hospital's identity provider's RS256/ES256 tokens (keys by OpenID Connect discovery). The
 * unverified `iss` only selects which issuer's key and algorithms to check with; each issuer
 * accepts only its own algorithms, so an HS256 token can never pass as the provider's and the
 * reverse (no algorithm confusion, no `alg: none`).
 */
export class TokenVerifier {
  private readonly secret: Uint8Array;
  private readonly oidc?: OidcIssuer;

  constructor(private readonly options: TokenVerifierOptions) {
    this.secret = new TextEncoder().encode(options.local.secret);
    if (options.oidc) {
      if (options.oidc.issuer === options.local.issuer) throw new Error('The identity provider and the local tokens must have different issuers');
      this.oidc = new OidcIssuer(options.oidc);
    }
  }

  async verify(token: string): Promise<VerifiedToken> {
    const issuer = unverifiedIssuer(token);
    if (issuer === this.options.local.issuer) {
      const payload = await this.check(token, this.secret, ['HS256'], this.options.local.issuer, this.options.local.audience);
      const claims = localClaimsSchema.safeParse(payload);
      if (!claims.success) {
        throw new TokenError(`invalid token claims: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      return this.verified({ userId: claims.data.sub, roles: claims.data.roles, careTeams: claims.data.careTeams }, payload);
    }
    if (this.oidc && issuer === this.oidc.issuer) {
      const payload = await this.check(token, this.oidc.getKey, OIDC_ALGORITHMS, this.oidc.issuer, this.oidc.options.audience);
      return this.verified(this.oidc.principalFrom(payload), payload);
    }
    throw new TokenError(`token from an issuer this system does not trust (${typeof issuer === 'string' ? issuer.slice(0, 200) : 'no iss claim'})`);
  }

  private async check(token: string, key: Uint8Array | JWTVerifyGetKey, algorithms: string[], issuer: string, audience: string): Promise<JWTPayload> {
    const { leewaySeconds, maxLifetimeSeconds } = this.options.policy;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
        algorithms,
        issuer,
        audience,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: leewaySeconds,
        // jose reads this as "now - iat", which also refuses an `iat` in the future beyond the leeway.
        maxTokenAge: maxLifetimeSeconds,
        currentDate: this.options.now?.(),
      }));
    } catch (error) {
      throw explain(error);
    }
    const lifetime = payload.exp! - payload.iat!;
    if (lifetime > maxLifetimeSeconds) {
      throw new TokenError(`token lifetime (exp - iat) of ${lifetime} s is over the maximum of ${maxLifetimeSeconds} s (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
    }
    return payload;
  }

  private verified(principal: Principal, payload: JWTPayload): VerifiedToken {
    return { principal, issuer: payload.iss!, expiresAt: new Date(payload.exp! * 1000) };
  }
}

function unverifiedIssuer(token: string): unknown {
  try {
    return decodeJwt(token).iss;
  } catch {
    throw new TokenError('malformed token: expected a signed JWT (three base64url parts)');
  }
}

/** jose's errors, in words a caller can act on. */
function explain(error: unknown): Error {
  if (error instanceof TokenError || error instanceof IdentityProviderUnavailableError) return error;
  if (error instanceof errors.JWTExpired) {
    return new TokenError(error.claim === 'iat' ? 'token issued too long ago (iat)' : 'token expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return new TokenError(`token lacks the required "${error.claim}" claim`);
    if (error.claim === 'iat') return new TokenError('token issued in the future (iat) beyond the allowed clock leeway');
    if (error.claim === 'nbf') return new TokenError('token not yet valid (nbf)');
    if (error.claim === 'aud') return new TokenError('token for another audience (aud)');
    if (error.claim === 'iss') return new TokenError('token from another issuer (iss)');
    return new TokenError(`invalid token claim "${error.claim}": ${error.message}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError('unsupported token algorithm for its issuer');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError('invalid token signature');
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenError('no key of the issuer matches the token (kid)');
  if (error instanceof errors.JOSEError) return new TokenError(`malformed token: ${error.message}`);
  return error as Error;
}
