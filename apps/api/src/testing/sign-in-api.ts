import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { type DemoIdentityProvider, type DemoUser, startDemoIdentityProvider } from '@poems/demo-identity';
import { startTestApi, type TestApi, type TestApiOptions } from './test-api';

export const WEB_AUDIENCE = 'poems-api';
export const WEB_CLIENT_ID = 'poems-web';

export interface SignInTestApi {
  api: TestApi;
  provider: DemoIdentityProvider;
  close(): Promise<void>;
}

/**
 * The API with web sign-in against a real (demo) OpenID Connect provider, as `npm start` runs it:
 * the provider must know the API's callback before the API starts, so the port is chosen first.
 */
export async function startSignInTestApi(options: TestApiOptions & { users?: DemoUser[]; tokenTtlSeconds?: number } = {}): Promise<SignInTestApi> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = await startDemoIdentityProvider({
    audience: WEB_AUDIENCE,
    client: { clientId: WEB_CLIENT_ID, clientSecret, redirectUris: [`${url}/auth/callback`], postLogoutRedirectUris: [`${url}/`] },
    users: options.users,
    tokenTtlSeconds: options.tokenTtlSeconds,
  });
  let api: TestApi;
  try {
    api = await startTestApi({
      ...options,
      port,
      env: {
        AUTH_OIDC_ISSUER: provider.issuer,
        AUTH_OIDC_AUDIENCE: WEB_AUDIENCE,
        AUTH_OIDC_CLIENT_ID: WEB_CLIENT_ID,
        AUTH_OIDC_CLIENT_SECRET: clientSecret,
        WEB_PUBLIC_URL: url,
        ...options.env,
      },
    });
  } catch (error) {
    await provider.close();
    throw error;
  }
  return {
    api,
    provider,
    async close() {
      await api.close();
      await provider.close();
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A browser's cookie jar, enough for following a sign-in's redirects with fetch (one cookie per name and host). */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  take(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value.join('=') === '') jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    this.cookies.set(host, jar);
  }

  header(url: string): string {
    return [...(this.cookies.get(new URL(url).host) ?? new Map()).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }
}

/** fetch with the jar, never following redirects itself (so each hop is seen). */
export async function jarFetch(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.take(url, response);
  return response;
}

/**
 * Signs in as a browser would: the app's /auth/login, the provider's sign-in page, the demo user's
 * button, the redirects back. Returns where the app finally sent the browser.
 */
export async function signInAs(apiUrl: string, userId: string, jar = new CookieJar(), returnTo = '/'): Promise<{ jar: CookieJar; landedAt: string }> {
  let url = `${apiUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
  for (let hop = 0; hop < 12; hop++) {
    const response = await jarFetch(jar, url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      if (url.startsWith(apiUrl) && !url.includes('/auth/')) return { jar, landedAt: url.slice(apiUrl.length) };
      continue;
    }
    const page = await response.text();
    const form = /<form method="post" action="([^"]+\/login)">/.exec(page);
    if (response.status !== 200 || !form) throw new Error(`Unexpected answer at ${url}: ${response.status} ${page.slice(0, 300)}`);
    const posted = await jarFetch(jar, new URL(form[1]!, url).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user: userId }) });
    if (posted.status !== 303) throw new Error(`The provider refused the sign-in: ${posted.status} ${await posted.text()}`);
    url = new URL(posted.headers.get('location')!, url).href;
  }
  throw new Error('Too many redirects while signing in');
}
