import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig, webPublicUrl } from '@poems/config';
import { type DemoIdentityProvider, startDemoIdentityProvider } from '@poems/demo-identity';
import { CliError } from '../cli-context';

export const DEMO_AUDIENCE = 'poems-api';
export const DEMO_CLIENT_ID = 'poems-web';

/**
 * For `npm start` when no identity provider is configured: a real OpenID Connect provider on the
 * next port with a demo user per role, and the API configured for it through its environment (the
 * children inherit process.env). Nothing is written to .env: the client secret is new each run.
 * A configured AUTH_OIDC_ISSUER (the hospital's) always wins.
 */
export async function startDemoSignIn(config: AppConfig, port: number): Promise<{ provider: DemoIdentityProvider; config: AppConfig } | undefined> {
  if (config.AUTH_OIDC_ISSUER) return undefined;
  const app = webPublicUrl(config);
  const clientSecret = randomBytes(32).toString('base64url');
  let provider: DemoIdentityProvider;
  try {
    provider = await startDemoIdentityProvider({
      audience: DEMO_AUDIENCE,
      port,
      client: { clientId: DEMO_CLIENT_ID, clientSecret, redirectUris: [`${app}/auth/callback`], postLogoutRedirectUris: [`${app}/`] },
      tokenTtlSeconds: Math.min(8 * 3600, config.AUTH_MAX_TOKEN_LIFETIME_SECONDS),
    });
  } catch (error) {
    throw new CliError(`start: the demo identity provider cannot listen on 127.0.0.1:${port} (${(error as Error).message}): pass \`-- --idp-port <port>\`, or \`-- --no-demo-idp\` to run without web sign-in`);
  }
  Object.assign(process.env, {
    AUTH_OIDC_ISSUER: provider.issuer,
    AUTH_OIDC_AUDIENCE: DEMO_AUDIENCE,
    AUTH_OIDC_CLIENT_ID: DEMO_CLIENT_ID,
    AUTH_OIDC_CLIENT_SECRET: clientSecret,
    AUTH_OIDC_ROLES_CLAIM: 'roles',
    AUTH_OIDC_CARE_TEAMS_CLAIM: 'careTeams',
  });
  // The demo cohort's clinic is in Japan (its times are +09:00).
  process.env['CLINIC_TIME_ZONE'] ??= 'Asia/Tokyo';
  return { provider, config: loadConfig() };
}
