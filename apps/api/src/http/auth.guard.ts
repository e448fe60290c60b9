import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, IdentityProviderUnavailableError, type Principal, TokenError, type UserRole, TokenVerifier } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { StreamTickets } from '../alerts/stream-tickets';
import { AccessRecorder } from '../audit/access-recorder';
import { sessionCookies } from '../web-session/session-cookies';
import { WebSessions } from '../web-session/web-sessions';
import { APP_CONFIG } from '../platform/tokens';
import { HttpProblem } from './http-problem';
import { type ContextualRequest, IS_PUBLIC, REQUIRED_ROLES, STREAM_TICKET } from './request-context';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="poems"' };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every route needs a valid bearer token unless marked @Public; @Roles narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly sessionCookie: string;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
    private readonly access: AccessRecorder,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(WebSessions) private readonly sessions: WebSessions,
  ) {
    this.sessionCookie = sessionCookies(config).session;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    try {
      return await this.admit(request, targets);
    } catch (error) {
      // Refusals are part of the trail too (HIPAA §164.312(b)); identical ones in a window share a row.
      if (error instanceof HttpProblem && (error.status === 401 || error.status === 403)) {
        await this.access.recordRefusal(request, error.status, request.context?.principal, error.code);
      }
      throw error;
    }
  }

  private async admit(request: ContextualRequest, targets: Parameters<Reflector['getAllAndOverride']>[1]): Promise<boolean> {
    const { principal, expiresAt } = await this.authenticate(request, this.reflector.getAllAndOverride<boolean>(STREAM_TICKET, targets) ?? false);
    const purpose = request.headers['x-purpose-of-use'];
    request.context = {
      principal,
      correlationId: request.correlationId ?? String(request.id),
      purpose: typeof purpose === 'string' ? purpose.slice(0, 200) : null,
      method: request.method,
      path: request.url,
      credentialExpiresAt: expiresAt,
    };
    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !hasRole(principal, ...required)) {
      throw new HttpProblem(403, 'FORBIDDEN', `This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }

  /**
   * The bearer header (programs); or, only where a route allows it, a single-use stream ticket; or
   * the web app's session cookie. Never a token in the URL.
   */
  private async authenticate(request: ContextualRequest, ticketAllowed: boolean): Promise<{ principal: Principal; expiresAt: Date }> {
    const header = request.headers.authorization;
    const ticket = (request.query as { ticket?: unknown } | undefined)?.ticket;
    if (!header && ticketAllowed && typeof ticket === 'string') {
      const redeemed = await this.tickets.redeem(ticket);
      if (!redeemed) throw new HttpProblem(401, 'INVALID_TICKET', 'The stream ticket is unknown, already used or expired: ask POST /v1/alerts/stream-tickets for a new one', undefined, CHALLENGE);
      return { principal: redeemed.principal, expiresAt: redeemed.credentialExpiresAt };
    }
    const sessionId = request.cookies?.[this.sessionCookie];
    if (!header && sessionId !== undefined) return this.fromSession(request, sessionId);
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      const how = ticketAllowed ? ', or `?ticket=` from POST /v1/alerts/stream-tickets' : '';
      throw new HttpProblem(401, 'UNAUTHENTICATED', `Send \`Authorization: Bearer <token>\`${how} (mint a token locally with \`npm run token\`; tokens are never accepted in the URL)`, undefined, CHALLENGE);
    }
    try {
      return await this.verifier.verify(header.replace(/^Bearer\s+/i, ''));
    } catch (error) {
      if (error instanceof TokenError) throw new HttpProblem(401, 'INVALID_TOKEN', `The bearer token was refused: ${error.message}`, undefined, CHALLENGE);
      if (error instanceof IdentityProviderUnavailableError) {
        throw new HttpProblem(503, 'IDENTITY_PROVIDER_UNAVAILABLE', `${error.message}. Retry shortly; your token may be fine.`, undefined, { 'retry-after': '5' });
      }
      throw error;
    }
  }

  /**
   * A cookie rides along with any request the browser makes, so a request that changes anything
   * must also prove it comes from the app's own page: the session's CSRF token in X-CSRF-Token
   * (a header no other site can set without a CORS preflight, which this API never grants).
   */
  private async fromSession(request: ContextualRequest, sessionId: string): Promise<{ principal: Principal; expiresAt: Date }> {
    const found = await this.sessions.find(sessionId, { touch: true });
    if (!found.ok) {
      if (found.reason === 'EXPIRED') throw new HttpProblem(401, 'SESSION_EXPIRED', 'Your session has ended (idle too long, or its sign-in expired): sign in again');
      throw new HttpProblem(401, 'UNAUTHENTICATED', 'Your session is unknown (signed out, or ended): sign in again');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const sent = Buffer.from(typeof header === 'string' ? header : '');
      const expected = Buffer.from(found.session.csrfToken);
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        throw new HttpProblem(403, 'CSRF_TOKEN_INVALID', 'Requests that change something need the X-CSRF-Token header of GET /auth/session');
      }
    }
    return { principal: found.session.principal, expiresAt: found.session.expiresAt };
  }
}
