import type { AppConfig } from '@poems/config';
import { IdentityProviderUnavailableError } from '@poems/auth';
import * as oidc from 'openid-client';

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedInTokens {
  accessToken: string;
  /** The ID token's `name`, for the header; the principal comes from the access token. */
  displayName: string | null;
}

/**
 * The web app's side of OpenID Connect, with openid-client (certified): discovery of the provider
 * named by AUTH_OIDC_ISSUER (its `issuer` must match exactly), the authorization code flow with
 * PKCE (S256), `state` and `nonce`, the code exchanged by this confidential client
 * (client_secret_basic), the ID token checked (signature, iss, aud, exp, nonce), and RP-initiated
 * logout. Discovery is lazy and retried, so the API starts while the provider is down.
 */
export class OidcSignIn {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly options: { issuer: string; clientId: string; clientSecret: string; scope: string; redirectUri: string; postLogoutRedirectUri: string },
  ) {}

  static fromConfig(config: AppConfig, publicUrl: string): OidcSignIn | undefined {
    if (!config.AUTH_OIDC_ISSUER || !config.AUTH_OIDC_CLIENT_ID || !config.AUTH_OIDC_CLIENT_SECRET) return undefined;
    return new OidcSignIn({
      issuer: config.AUTH_OIDC_ISSUER,
      clientId: config.AUTH_OIDC_CLIENT_ID,
      clientSecret: config.AUTH_OIDC_CLIENT_SECRET,
      scope: config.AUTH_OIDC_SCOPE,
      redirectUri: `${publicUrl}/auth/callback`,
      postLogoutRedirectUri: `${publicUrl}/`,
    });
  }

  async authorizationRequest(): Promise<AuthorizationRequest> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code the provider sent back (throws oidc's errors when anything does not match). */
  async exchange(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignedInTokens> {
    const config = await this.config();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true });
    const name = tokens.claims()?.['name'];
    return { accessToken: tokens.access_token, displayName: typeof name === 'string' ? name.slice(0, 200) : null };
  }

  /** Where to send the browser to end its session at the provider too (null when the provider has no end-session endpoint). */
  async endSessionUrl(): Promise<string | null> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, { client_id: this.options.clientId, post_logout_redirect_uri: this.options.postLogoutRedirectUri }).href;
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw new IdentityProviderUnavailableError(`OpenID Connect discovery of ${this.options.issuer} failed: ${(error as Error).message}`, { cause: error });
    });
    return this.configuration;
  }

  private discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.options.issuer);
    // Plain http is allowed by the configuration for localhost only (demos and tests).
    const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {};
    return oidc.discovery(issuer, this.options.clientId, undefined, oidc.ClientSecretBasic(this.options.clientSecret), { ...insecure, timeout: 5 });
  }
}
