import { api, setCsrfToken } from './api/client';
import type { components, paths } from './api/schema';

export type Session = paths['/auth/session']['get']['responses'][200]['content']['application/json'];
export type WebConfig = paths['/v1/web-config']['get']['responses'][200]['content']['application/json'];
export type Role = Session['roles'][number];
export type Problem = components['schemas']['Problem'];

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-out'; config: WebConfig; reason: string | null }
  | { kind: 'signed-in'; config: WebConfig; session: Session };

/** The browser's session, if any (it lives on the server; the page only learns who and the CSRF token). */
export async function loadSession(reason: string | null = null): Promise<SessionState> {
  const [config, session] = await Promise.all([api.GET('/v1/web-config'), api.GET('/auth/session')]);
  if (!config.data) throw new Error('The API did not answer /v1/web-config');
  if (!session.data) {
    setCsrfToken(null);
    const code = (session.error as Problem | undefined)?.code;
    return { kind: 'signed-out', config: config.data, reason: reason ?? (code === 'SESSION_EXPIRED' ? 'SESSION_EXPIRED' : null) };
  }
  setCsrfToken(session.data.csrfToken);
  return { kind: 'signed-in', config: config.data, session: session.data };
}

/** Ends the session on the server, then at the identity provider (whose page comes back to the app). */
export async function signOut(): Promise<void> {
  const { data } = await api.POST('/auth/logout', {});
  setCsrfToken(null);
  location.assign(data?.endSessionUrl ?? '/');
}

export function hasRole(session: Session, ...roles: Role[]): boolean {
  return session.roles.some((role) => roles.includes(role));
}

/** Pages each role may open (the API decides; this only hides what would answer 403). */
export const PAGE_ROLES = {
  inbox: ['clinician', 'auditor', 'admin'],
  patients: ['clinician', 'auditor', 'admin'],
  cohort: ['researcher', 'auditor', 'admin'],
  audit: ['auditor', 'admin'],
} as const satisfies Record<string, ReadonlyArray<Role>>;

export const SIGN_IN_ERRORS: Record<string, string> = {
  SESSION_EXPIRED: 'Your session ended (idle too long, or your sign-in expired). Sign in again.',
  ACCESS_DENIED: 'The sign-in was cancelled.',
  TOKEN_REFUSED: 'The identity provider signed you in, but your account has no role in POEMS monitoring. Ask an administrator.',
  SIGN_IN_EXPIRED: 'The sign-in took too long or was started in another browser. Try again.',
  IDENTITY_PROVIDER_UNAVAILABLE: 'The identity provider could not be reached. Try again shortly.',
};
