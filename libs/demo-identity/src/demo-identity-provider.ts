import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { loginPage, logoutPage, messagePage, PAGE_POLICY } from './demo-pages';
import { DEMO_USERS, type DemoUser } from './demo-users';

/** The resource indicator of this system's API at the demo provider (RFC 8707; a URI, unlike an audience). */
const API_RESOURCE = 'urn:poems:api';
const MAX_FORM_BYTES = 4096;

export interface DemoWebClient {
  clientId: string;
  clientSecret: string;
  /** Where the provider may send the code: `<web app>/auth/callback`. */
  redirectUris: string[];
  /** Where it may send the browser after sign-out: the web app's `/`. */
  postLogoutRedirectUris: string[];
}

export interface DemoIdentityProviderOptions {
  /** The `aud` of its access tokens: the API's AUTH_OIDC_AUDIENCE. */
  audience: string;
  client: DemoWebClient;
  users?: ReadonlyArray<DemoUser>;
  /** Listen here (default any free port on 127.0.0.1). */
  port?: number;
  host?: string;
  /** Lifetime of access and ID tokens (default 8 h, a ward shift). */
  tokenTtlSeconds?: number;
  /** The provider's sign-in session (default 8 h). */
  sessionTtlSeconds?: number;
}

export interface DemoIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified implementation) with an
 * interactive sign-in page listing a demo user per role: authorization code with PKCE (required),
 * RS256 ID and access tokens (the access token an RFC 9068 JWT for the API, with `roles` and
 * `careTeams`), RP-initiated logout. Consent is implied for its one first-party client. Keys and
 * sessions live in memory: a restart signs everyone out of the provider (not of the API).
 */
export async function startDemoIdentityProvider(options: DemoIdentityProviderOptions): Promise<DemoIdentityProvider> {
  const { default: Provider } = await quietly(() => import('oidc-provider'));
  const users = options.users ?? DEMO_USERS;
  const byId = new Map(users.map((user) => [user.id, user]));
  const tokenTtl = options.tokenTtlSeconds ?? 8 * 3600;
  const sessionTtl = options.sessionTtlSeconds ?? 8 * 3600;

  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handle(request, response));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `demo-${randomBytes(4).toString('hex')}` };

  const provider = await quietly(async () =>
    new Provider(issuer, {
      clients: [
        {
          client_id: options.client.clientId,
          client_secret: options.client.clientSecret,
          client_name: 'POEMS monitoring',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: options.client.redirectUris,
          post_logout_redirect_uris: options.client.postLogoutRedirectUris,
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      pkce: { required: () => true },
      claims: { openid: ['sub'], profile: ['name'] },
      findAccount: async (_ctx, sub) => {
        const user = byId.get(sub);
        return user ? { accountId: sub, claims: async () => ({ sub, name: user.name }) } : undefined;
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      // One first-party client: consent is implied, so sign-in is one click.
      loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid profile');
        grant.addResourceScope(API_RESOURCE, 'api');
        await grant.save();
        return grant;
      },
      extraTokenClaims: async (_ctx, token) => {
        const user = 'accountId' in token && token.accountId ? byId.get(token.accountId) : undefined;
        return user ? { roles: [...user.roles], careTeams: [...user.careTeams], name: user.name } : undefined;
      },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => {
            ctx.set('content-security-policy', PAGE_POLICY);
            ctx.body = logoutPage(form, ctx.host);
          },
          postLogoutSuccessSource: async (ctx) => {
            ctx.body = messagePage('Signed out', 'You are signed out of the demo identity provider.');
          },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: async () => API_RESOURCE,
          useGrantedResource: async () => true,
          getResourceServerInfo: async () => ({
            scope: 'api',
            audience: options.audience,
            accessTokenTTL: tokenTtl,
            accessTokenFormat: 'jwt' as const,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      ttl: { AccessToken: tokenTtl, IdToken: tokenTtl, AuthorizationCode: 60, Interaction: 600, Session: sessionTtl, Grant: sessionTtl },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = messagePage('Sign-in failed', `${out.error}: ${out.error_description ?? ''}`);
      },
    }),
  );

  const interaction = async (request: IncomingMessage, response: ServerResponse, uid: string, action: string | undefined) => {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (request.method === 'GET' && action === undefined) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_POLICY, 'cache-control': 'no-store' });
      response.end(loginPage(uid, 'POEMS monitoring', users));
      return;
    }
    if (request.method === 'POST' && action === 'login') {
      const form = new URLSearchParams(await readForm(request));
      const user = byId.get(form.get('user') ?? '');
      if (!user) {
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_POLICY });
        response.end(messagePage('Unknown user', 'Choose one of the demo users.'));
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
      return;
    }
    if (request.method === 'POST' && action === 'abort') {
      await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'The user cancelled the sign-in' }, { mergeWithLastSubmission: false });
      return;
    }
    response.writeHead(405).end();
  };

  const callback = provider.callback();
  handle = (request, response) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec((request.url ?? '').split('?')[0]!);
    if (!match) {
      callback(request, response);
      return;
    }
    interaction(request, response, match[1]!, match[2]).catch((error: unknown) => {
      if (response.headersSent) return response.end();
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_POLICY });
      response.end(messagePage('Sign-in expired', `Start again from the application (${(error as Error).message}).`));
    });
  };

  return { issuer, close: () => closeServer(server) };
}

async function readForm(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return body;
}

/** oidc-provider warns that it prefers Node 22 (it runs on 20) and that its in-memory storage is for development: both known. */
const EXPECTED_WARNINGS = ['oidc-provider WARNING: Unsupported runtime', 'oidc-provider WARNING: a quick start development-only in-memory adapter'];

async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!EXPECTED_WARNINGS.some((expected) => String(args[0]).startsWith(expected))) warn(...args);
  };
  try {
    return await work();
  } finally {
    console.warn = warn;
  }
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
