import { SIGN_IN_ERRORS, type WebConfig } from '../session';

export function SignInPage({ config, reason }: { config: WebConfig; reason: string | null }) {
  const returnTo = location.pathname === '/' ? '/' : location.pathname + location.search.replace(/[?&]signInError=[^&]*/, '');
  return (
    <main class="centered sign-in">
      <h1>POEMS monitoring</h1>
      <p>Ward-round alerts, patient timelines, the study’s figures and the audit trail, for care teams, researchers and auditors.</p>
      {reason && (
        <p class="error" role="alert">
          {SIGN_IN_ERRORS[reason] ?? `The sign-in failed (${reason}). Try again.`}
        </p>
      )}
      {config.signIn ? (
        <a class="button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
          Sign in with the hospital’s identity provider
        </a>
      ) : (
        <p class="error" role="alert">
          Web sign-in is not configured on this server (AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET). Programs can still call the API with a bearer token.
        </p>
      )}
      <p class="muted">Your session ends after {Math.round(config.idleTimeoutSeconds / 60)} minutes without activity, and when you sign out.</p>
    </main>
  );
}
