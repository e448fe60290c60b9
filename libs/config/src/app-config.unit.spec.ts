import { ConfigError, loadConfig } from './app-config';

const key = 'a'.repeat(64);
const minimal = { AUTH_JWT_SECRET: 's'.repeat(32), DATA_KEY_ENCRYPTION_KEY: key, RESEARCH_PSEUDONYM_KEY: key };

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.EVENT_STORE).toBe('postgres');
  });

  it('names every bad variable and why', () => {
    try {
      loadConfig({ ...minimal, PORT: 'eighty', AUTH_JWT_SECRET: 'short', EVENT_STORE: 'mongo' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('AUTH_JWT_SECRET: must be at least 32 characters');
      expect(message).toContain('EVENT_STORE');
    }
  });

  it('requires a connection string when EventStoreDB is chosen', () => {
    expect(() => loadConfig({ ...minimal, EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING: is required/);
  });

  it("takes the EventStoreDB server's maximum append size, 1 MiB (its default) unless set", () => {
    expect(loadConfig(minimal).EVENTSTORE_MAX_APPEND_SIZE).toBe(1_048_576);
    expect(loadConfig({ ...minimal, EVENTSTORE_MAX_APPEND_SIZE: '16000000' }).EVENTSTORE_MAX_APPEND_SIZE).toBe(16_000_000);
    expect(() => loadConfig({ ...minimal, EVENTSTORE_MAX_APPEND_SIZE: '1MB' })).toThrow(/EVENTSTORE_MAX_APPEND_SIZE/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...minimal, PORT: '' }).PORT).toBe(3000);
  });

  it('reads the identity provider settings and refuses incomplete or unsafe ones', () => {
    const config = loadConfig({ ...minimal, AUTH_OIDC_ISSUER: 'https://idp.example/realms/h', AUTH_OIDC_AUDIENCE: 'poems', AUTH_OIDC_ROLE_MAP: 'POEMS.Clinician=clinician, poems-admin=admin' });
    expect(config.AUTH_OIDC_ROLE_MAP).toEqual({ 'POEMS.Clinician': 'clinician', 'poems-admin': 'admin' });
    expect(config.AUTH_JWT_AUDIENCE).toBe('poems-monitor');
    expect(config.AUTH_MAX_TOKEN_LIFETIME_SECONDS).toBe(43_200);
    expect(() => loadConfig({ ...minimal, AUTH_OIDC_ISSUER: 'https://idp.example' })).toThrow(/AUTH_OIDC_AUDIENCE: is required/);
    expect(() => loadConfig({ ...minimal, AUTH_OIDC_ISSUER: 'http://idp.example', AUTH_OIDC_AUDIENCE: 'a' })).toThrow(/AUTH_OIDC_ISSUER: must be https/);
    expect(() => loadConfig({ ...minimal, AUTH_OIDC_ROLE_MAP: 'doctor=surgeon' })).toThrow(/AUTH_OIDC_ROLE_MAP: "doctor=surgeon" must be/);
  });

  it('takes the web sign-in client only with its provider and secret, and a known clinic time zone', () => {
    const oidc = { AUTH_OIDC_ISSUER: 'https://idp.example/realms/h', AUTH_OIDC_AUDIENCE: 'poems' };
    expect(loadConfig({ ...minimal, ...oidc, AUTH_OIDC_CLIENT_ID: 'poems-web', AUTH_OIDC_CLIENT_SECRET: 'x'.repeat(16) })).toMatchObject({ AUTH_OIDC_SCOPE: 'openid profile', WEB_SESSION_IDLE_SECONDS: 1800, CLINIC_TIME_ZONE: 'Asia/Tokyo' });
    expect(() => loadConfig({ ...minimal, AUTH_OIDC_CLIENT_ID: 'poems-web', AUTH_OIDC_CLIENT_SECRET: 'x'.repeat(16) })).toThrow(/AUTH_OIDC_CLIENT_ID: needs AUTH_OIDC_ISSUER/);
    expect(() => loadConfig({ ...minimal, ...oidc, AUTH_OIDC_CLIENT_ID: 'poems-web' })).toThrow(/AUTH_OIDC_CLIENT_SECRET: is required/);
    expect(() => loadConfig({ ...minimal, WEB_PUBLIC_URL: 'http://poems.hospital.example' })).toThrow(/WEB_PUBLIC_URL: must be https/);
    expect(loadConfig({ ...minimal, CLINIC_TIME_ZONE: 'Asia/Tokyo' }).CLINIC_TIME_ZONE).toBe('Asia/Tokyo');
    expect(() => loadConfig({ ...minimal, CLINIC_TIME_ZONE: 'Mars/Olympus' })).toThrow(/CLINIC_TIME_ZONE: must be an IANA time zone/);
  });
});
