import { type AppConfig, webPublicUrl } from '@poems/config';
import type { FastifyReply } from 'fastify';

/**
 * The cookies of web sign-in. Over https the session cookie is `__Host-` prefixed (Secure, Path=/,
 * no Domain: it cannot be set or read by another host); on http://localhost it cannot be Secure.
 * - session: HttpOnly (page script never sees it), SameSite=Strict (no other site's page sends it),
 *   no Max-Age (gone when the browser closes; the server ends it earlier).
 * - sign-in: HttpOnly, SameSite=Lax (it must come back on the provider's redirect), 10 minutes,
 *   only under /auth: binds the callback to the browser that started the sign-in.
 */
export interface SessionCookies {
  session: string;
  signIn: string;
  secure: boolean;
}

export function sessionCookies(config: AppConfig): SessionCookies {
  const secure = webPublicUrl(config).startsWith('https:');
  return { session: secure ? '__Host-poems_session' : 'poems_session', signIn: secure ? '__Secure-poems_sign_in' : 'poems_sign_in', secure };
}

export function setSessionCookie(reply: FastifyReply, cookies: SessionCookies, sessionId: string): void {
  void reply.setCookie(cookies.session, sessionId, { httpOnly: true, sameSite: 'strict', secure: cookies.secure, path: '/' });
}

export function clearSessionCookie(reply: FastifyReply, cookies: SessionCookies): void {
  void reply.clearCookie(cookies.session, { httpOnly: true, sameSite: 'strict', secure: cookies.secure, path: '/' });
}

export function setSignInCookie(reply: FastifyReply, cookies: SessionCookies, attemptId: string, maxAgeSeconds: number): void {
  void reply.setCookie(cookies.signIn, attemptId, { httpOnly: true, sameSite: 'lax', secure: cookies.secure, path: '/auth', maxAge: maxAgeSeconds });
}

export function clearSignInCookie(reply: FastifyReply, cookies: SessionCookies): void {
  void reply.clearCookie(cookies.signIn, { httpOnly: true, sameSite: 'lax', secure: cookies.secure, path: '/auth' });
}

/** Only a path on this site: `/patients/…`, never `//evil.example` or `https://…` (an open redirect). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) && value.length <= 500 ? value : '/';
}
