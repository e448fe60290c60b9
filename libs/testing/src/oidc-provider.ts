import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

/** A client of the provider: each stands for one principal (a user, a service) in tests and demos. */
const DEFAULT_RESOURCE = 'urn:poems:test-resource';

export interface TestOidcClient {
  clientId: string;
  /** Claims added verbatim to its access tokens, e.g. `{ realm_access: { roles: ['poems-clinician'] } }`. */
  claims?: Record<string, unknown>;
  /** Access token lifetime (default 600 s). */
  tokenTtlSeconds?: number;
  /** Signing algorithm of its access tokens (default RS256). */
  alg?: 'RS256' | 'ES256';
}

export interface TestOidcProviderOptions {
  /** The `aud` of its access tokens when a client names no other resource. */
  audience: string;
  clients: TestOidcClient[];
  /**
   * The issuer it names itself with (default: its own URL). Another value makes an impostor: a
   * provider with its own keys that claims to be someone else.
   */
  issuer?: string;
  /** Listen on this port (default: any free one), e.g. to bring a stopped provider back. */
  port?: number;
}

export interface TestOidcProvider {
  /** What it names itself in tokens and discovery. */
  issuer: string;
  /** Where it listens. */
  url: string;
  /** A real client-credentials grant at its token endpoint: an RFC 9068 JWT access token. */
  clientCredentialsToken(clientId: string, options?: { resource?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified implementation) on a random local
 * port: discovery, a JWKS with an RSA and an EC key, and JWT access tokens carrying the claims the
 * tests choose. Not a mock: the API finds it and checks its tokens exactly as it would Keycloak's
 * or Entra ID's.
 */
export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const { default: Provider } = await quietly(() => import('oidc-provider'));
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer ?? url;

  const secrets = new Map(options.clients.map((client) => [client.clientId, randomBytes(24).toString('base64url')]));
  const byId = new Map(options.clients.map((client) => [client.clientId, client]));
  const keys = await Promise.all(
    (['RS256', 'ES256'] as const).map(async (alg) => ({ ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)), alg, use: 'sig', kid: `${alg}-${randomBytes(4).toString('hex')}` })),
  );

  const provider = await quietly(async () => new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: secrets.get(client.clientId),
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // Resource indicators must be URIs; audiences need not be (Keycloak and Entra use client ids).
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? DEFAULT_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource, client) => {
          const settings = byId.get(client.clientId);
          return {
            scope: 'api',
            audience: resource === DEFAULT_RESOURCE ? options.audience : resource,
            accessTokenTTL: settings?.tokenTtlSeconds ?? 600,
            accessTokenFormat: 'jwt' as const,
            jwt: { sign: { alg: settings?.alg ?? 'RS256' } },
          };
        },
      },
    },
    ttl: { ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600 },
    extraTokenClaims: async (_ctx, token) => ('clientId' in token && token.clientId ? byId.get(token.clientId)?.claims : undefined),
  }));
  handle = provider.callback();

  return {
    issuer,
    url,
    async clientCredentialsToken(clientId, tokenOptions = {}) {
      const secret = secrets.get(clientId);
      if (!secret) throw new Error(`No client ${clientId} at this provider`);
      const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', ...(tokenOptions.resource ? { resource: tokenOptions.resource } : {}) });
      const response = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      const answer = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || !answer.access_token) throw new Error(`The provider refused the grant: ${answer.error} ${answer.error_description ?? ''}`);
      return answer.access_token;
    },
    close: () => closeServer(server),
  };
}

/**
 * oidc-provider warns that it prefers Node 22 (it runs on Node 20: these tests prove it) and that
 * its in-memory storage is for development (this provider lives for one test run): both expected.
 */
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
