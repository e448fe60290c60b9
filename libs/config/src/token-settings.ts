import type { LocalTokenKey, TokenVerifierOptions } from '@poems/auth';
import type { AppConfig } from './app-config';

/** What signs and checks this system's own tokens (the CLI, the demo, the tests). */
export function localTokenKey(config: AppConfig): LocalTokenKey {
  return { secret: config.AUTH_JWT_SECRET, issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE };
}

/** Which tokens the API accepts: its own, and the hospital's identity provider's when configured. */
export function tokenVerifierOptions(config: AppConfig): TokenVerifierOptions {
  return {
    local: localTokenKey(config),
    oidc:
      config.AUTH_OIDC_ISSUER && config.AUTH_OIDC_AUDIENCE
        ? {
            issuer: config.AUTH_OIDC_ISSUER,
            audience: config.AUTH_OIDC_AUDIENCE,
            rolesClaim: config.AUTH_OIDC_ROLES_CLAIM,
            careTeamsClaim: config.AUTH_OIDC_CARE_TEAMS_CLAIM,
            roleMap: config.AUTH_OIDC_ROLE_MAP,
          }
        : undefined,
    policy: { leewaySeconds: config.AUTH_CLOCK_LEEWAY_SECONDS, maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS },
  };
}

/** The address browsers use for the web app (sign-in redirects come back here): WEB_PUBLIC_URL, else this API's own. */
export function webPublicUrl(config: AppConfig): string {
  if (config.WEB_PUBLIC_URL) return config.WEB_PUBLIC_URL.replace(/\/$/, '');
  const host = ['0.0.0.0', '::'].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  return `http://${host}:${config.PORT}`;
}
