import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { IdentityProviderUnavailableError, TokenError, TokenVerifier } from '@poems/auth';
import { type AppConfig, webPublicUrl } from '@poems/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem } from '../http/http-problem';
import { Ctx, Public, type RequestContext } from '../http/request-context';
import { APP_CONFIG, LOGGER } from '../platform/tokens';
import { OidcSignIn } from './oidc-sign-in';
import { clearSessionCookie, clearSignInCookie, safeReturnPath, sessionCookies, setSessionCookie, setSignInCookie } from './session-cookies';
import { SIGN_IN_TTL_SECONDS, WebSessions } from './web-sessions';

export const OIDC_SIGN_IN = Symbol('OIDC_SIGN_IN');
export interface OidcSignInHolder {
  signIn: OidcSignIn | undefined;
}

const sessionResponse = z.object({
  userId: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.enum(['clinician', 'auditor', 'researcher', 'admin'])),
  careTeams: z.array(z.string()),
  expiresAt: z.string(),
  idleExpiresAt: z.string(),
  csrfToken: z.string().describe('Send as X-CSRF-Token on every POST, PUT and DELETE made with the session cookie'),
});
const webConfigResponse = z.object({ clinicTimeZone: z.string(), signIn: z.boolean(), idleTimeoutSeconds: z.number() });
const logoutResponse = z.object({ endSessionUrl: z.string().nullable().describe('Send the browser here to end the session at the identity provider too') });

const COMMON = { tag: 'Web sign-in' } as const;
const LOGIN = documentRoute({ ...COMMON, method: 'GET', path: '/auth/login', summary: 'Start signing in to the web app: redirects to the identity provider (authorization code + PKCE)', roles: 'public', query: z.object({ returnTo: z.string().optional() }), responses: { 302: 'To the provider', 404: 'Web sign-in is not configured (AUTH_OIDC_CLIENT_ID)' } });
const CALLBACK = documentRoute({ ...COMMON, method: 'GET', path: '/auth/callback', summary: 'Where the provider sends the browser back: exchanges the code, opens a session (HttpOnly cookie), redirects into the app', roles: 'public', responses: { 303: 'Into the app (or to /?signInError=<code> when the sign-in failed)' } });
const SESSION = documentRoute({ ...COMMON, method: 'GET', path: '/auth/session', summary: 'The signed-in user of this browser (roles, care teams, expiry) and the CSRF token; does not extend the session', roles: 'public', response: sessionResponse, responses: { 200: 'Signed in', 401: 'No session, or it has ended (NO_SESSION, SESSION_EXPIRED)' } });
const LOGOUT = documentRoute({ ...COMMON, method: 'POST', path: '/auth/logout', summary: 'Sign out: ends the session at once (on every API instance) and clears the cookie', roles: ['clinician', 'auditor', 'researcher', 'admin'], headers: { 'X-CSRF-Token': 'The csrfToken of GET /auth/session' }, response: logoutResponse, responses: { 200: 'Signed out', 403: 'Missing or wrong X-CSRF-Token' } });
const WEB_CONFIG = documentRoute({ ...COMMON, method: 'GET', path: '/v1/web-config', summary: 'What the web app needs before sign-in: the clinic time zone, whether sign-in is configured', roles: 'public', response: webConfigResponse, responses: { 200: 'Settings' } });

@Controller()
export class SignInController {
  private readonly cookies;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OIDC_SIGN_IN) private readonly oidc: OidcSignInHolder,
    @Inject(WebSessions) private readonly sessions: WebSessions,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly access: AccessRecorder,
  ) {
    this.cookies = sessionCookies(config);
  }

  @Public()
  @Get(WEB_CONFIG.nestPath)
  webConfig(): z.output<typeof webConfigResponse> {
    return { clinicTimeZone: this.config.CLINIC_TIME_ZONE, signIn: this.oidc.signIn !== undefined, idleTimeoutSeconds: this.config.WEB_SESSION_IDLE_SECONDS };
  }

  @Public()
  @Get(LOGIN.nestPath)
  async login(@Query('returnTo') returnTo: unknown, @Req() incoming: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const signIn = this.signIn();
    // The provider returns to WEB_PUBLIC_URL: start there, or the sign-in cookie would sit on another host (localhost vs 127.0.0.1).
    const publicUrl = new URL(webPublicUrl(this.config));
    if (incoming.host !== publicUrl.host) {
      void reply.redirect(`${publicUrl.origin}/auth/login?returnTo=${encodeURIComponent(safeReturnPath(returnTo))}`, 302);
      return;
    }
    const request = await signIn.authorizationRequest().catch(unavailable);
    const attemptId = await this.sessions.beginSignIn({ state: request.state, nonce: request.nonce, codeVerifier: request.codeVerifier, returnTo: safeReturnPath(returnTo) });
    setSignInCookie(reply, this.cookies, attemptId, SIGN_IN_TTL_SECONDS);
    void reply.redirect(request.url, 302);
  }

  @Public()
  @Get(CALLBACK.nestPath)
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const signIn = this.signIn();
    const attempt = await this.sessions.takeSignIn(request.cookies[this.cookies.signIn]);
    clearSignInCookie(reply, this.cookies);
    if (!attempt) return this.failed(reply, 'SIGN_IN_EXPIRED', 'no sign-in was started in this browser, or it is older than 10 minutes');
    let principal;
    let displayName;
    let expiresAt;
    try {
      const tokens = await signIn.exchange(new URL(request.url, webPublicUrl(this.config)), attempt);
      // The same verifier as the bearer door: the session's principal is what a program holding this token would be.
      const verified = await this.verifier.verify(tokens.accessToken);
      ({ principal, expiresAt } = verified);
      displayName = tokens.displayName;
    } catch (error) {
      if (error instanceof IdentityProviderUnavailableError) return this.failed(reply, 'IDENTITY_PROVIDER_UNAVAILABLE', error.message);
      if (error instanceof TokenError) return this.failed(reply, 'TOKEN_REFUSED', error.message);
      const code = (error as { error?: unknown }).error;
      return this.failed(reply, typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code.toUpperCase() : 'SIGN_IN_FAILED', (error as Error).message);
    }
    const { sessionId } = await this.sessions.create(principal, displayName, expiresAt);
    await this.access.record(this.context(request, principal), 'sign-in', 200, { query: { expiresAt: expiresAt.toISOString() } });
    setSessionCookie(reply, this.cookies, sessionId);
    void reply.redirect(attempt.returnTo, 303);
  }

  @Public()
  @Get(SESSION.nestPath)
  async session(@Req() request: FastifyRequest): Promise<z.output<typeof sessionResponse>> {
    const found = await this.sessions.find(request.cookies[this.cookies.session], { touch: false });
    if (!found.ok) {
      throw found.reason === 'EXPIRED'
        ? new HttpProblem(401, 'SESSION_EXPIRED', 'Your session has ended (idle too long, or its sign-in expired): sign in again')
        : new HttpProblem(401, 'NO_SESSION', 'Not signed in: open /auth/login');
    }
    const { principal, displayName, expiresAt, idleExpiresAt, csrfToken } = found.session;
    return { userId: principal.userId, displayName, roles: principal.roles, careTeams: principal.careTeams, expiresAt: expiresAt.toISOString(), idleExpiresAt: idleExpiresAt.toISOString(), csrfToken };
  }

  @Post(LOGOUT.nestPath)
  @HttpCode(200)
  async logout(@Req() request: FastifyRequest, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<z.output<typeof logoutResponse>> {
    await this.sessions.end(request.cookies[this.cookies.session]);
    clearSessionCookie(reply, this.cookies);
    await this.access.record(ctx, 'sign-out', 200);
    const endSessionUrl = this.oidc.signIn ? await this.oidc.signIn.endSessionUrl().catch(() => null) : null;
    return { endSessionUrl };
  }

  private signIn(): OidcSignIn {
    if (!this.oidc.signIn) throw new HttpProblem(404, 'WEB_SIGN_IN_NOT_CONFIGURED', 'Web sign-in needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET (see the README)');
    return this.oidc.signIn;
  }

  /** A failed sign-in goes back to the app, which says what happened; the details go to the log. */
  private failed(reply: FastifyReply, code: string, detail: string): void {
    this.logger.warn({ code, detail }, 'web sign-in failed');
    void reply.redirect(`/?signInError=${encodeURIComponent(code)}`, 303);
  }

  private context(request: FastifyRequest, principal: RequestContext['principal']): RequestContext {
    const correlationId = String(request.id);
    return { principal, correlationId, purpose: null, method: request.method, path: request.url, credentialExpiresAt: new Date() };
  }
}

function unavailable(error: unknown): never {
  if (error instanceof IdentityProviderUnavailableError) throw new HttpProblem(503, 'IDENTITY_PROVIDER_UNAVAILABLE', `${error.message}. Retry shortly.`, undefined, { 'retry-after': '5' });
  throw error;
}
