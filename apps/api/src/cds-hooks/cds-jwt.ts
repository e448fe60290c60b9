import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { HttpProblem } from '../http/http-problem';
import type { CdsClient } from './cds-clients-file';

const MAX_AGE = '5m';
const ALGORITHMS = ['ES384', 'RS384'];

/**
 * The CDS Hooks authentication: a JWT signed by the CDS client (ES384 or RS384) with iss, aud (the
 * service's URL), exp, iat and a jti used once. Anything else is 401, before the request is read.
 */
export class CdsJwtVerifier {
  private readonly keys = new Map<string, JWTVerifyGetKey>();
  private readonly seen = new Map<string, number>();

  constructor(private readonly clients: ReadonlyArray<CdsClient>) {
    for (const client of clients) this.keys.set(client.iss, client.jwks ? createLocalJWKSet(client.jwks as never) : createRemoteJWKSet(new URL(client.jwksUrl!)));
  }

  async verify(authorization: string | undefined, audience: string, now = Date.now()): Promise<CdsClient> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw refused('send the CDS client’s signed JWT as Authorization: Bearer');
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw refused('the bearer token is not a JWT');
    }
    const client = this.clients.find((c) => c.iss === issuer);
    if (!client) throw refused('the JWT’s issuer is not a CDS client of this service');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.get(client.iss)!, { issuer: client.iss, audience, algorithms: ALGORITHMS, maxTokenAge: MAX_AGE, requiredClaims: ['jti', 'exp', 'iat'], currentDate: new Date(now) }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw refused(`the JWT was refused: ${error.code}`);
      throw error;
    }
    this.forget(now);
    const jti = `${client.iss}#${payload.jti}`;
    if (this.seen.has(jti)) throw refused('this JWT (jti) was already used');
    this.seen.set(jti, (payload.exp ?? 0) * 1000);
    return client;
  }

  private forget(now: number): void {
    for (const [jti, expires] of this.seen) if (expires < now - 60_000) this.seen.delete(jti);
  }
}

function refused(message: string): HttpProblem {
  return new HttpProblem(401, 'CDS_CLIENT_UNAUTHENTICATED', message, undefined, { 'WWW-Authenticate': 'Bearer realm="cds-hooks"' });
}
