import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { signToken } from './local-tokens';
import { TokenVerifier } from './token-verifier';

const key = { secret: 'x'.repeat(32), issuer: 'poems-monitor', audience: 'poems-monitor' };
const now = new Date('2026-01-01T00:00:00Z');
const nowSeconds = now.getTime() / 1000;
const verifier = new TokenVerifier({ local: key, policy: { leewaySeconds: 30, maxLifetimeSeconds: 12 * 3600 }, now: () => now });

/** A token with exactly these claims (jose signs it, so only the claims are under test). */
function craft(claims: JWTPayload, secret = key.secret): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}
const valid = { sub: 'alice', roles: ['clinician'], careTeams: ['haem-a'], iss: key.issuer, aud: key.audience, iat: nowSeconds, exp: nowSeconds + 3600 };
const without = (claim: keyof typeof valid) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== claim));

describe('a token minted by signToken', () => {
  it('verifies with jose and yields the principal and when it expires', async () => {
    const token = signToken({ sub: 'alice', roles: ['clinician'], careTeams: ['haem-a'] }, key, { now, expiresInSeconds: 600 });
    await expect(verifier.verify(token)).resolves.toEqual({
      principal: { userId: 'alice', roles: ['clinician'], careTeams: ['haem-a'] },
      issuer: 'poems-monitor',
      expiresAt: new Date(now.getTime() + 600_000),
    });
  });

  it('is refused with another secret, after expiry, or when altered', async () => {
    const token = signToken({ sub: 'alice', roles: ['clinician'] }, key, { now, expiresInSeconds: 60 });
    await expect(new TokenVerifier({ local: { ...key, secret: 'y'.repeat(32) }, policy: { leewaySeconds: 30, maxLifetimeSeconds: 3600 }, now: () => now }).verify(token)).rejects.toThrow('invalid token signature');
    const later = new TokenVerifier({ local: key, policy: { leewaySeconds: 30, maxLifetimeSeconds: 3600 }, now: () => new Date(now.getTime() + 120_000) });
    await expect(later.verify(token)).rejects.toThrow('token expired');
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...valid, roles: ['admin'] })).toString('base64url');
    await expect(verifier.verify(`${h}.${forged}.${s}`)).rejects.toThrow('invalid token signature');
  });
});

describe('a token that lacks a claim every token must carry', () => {
  it.each(['iss', 'aud', 'exp', 'iat'] as const)('is refused without %s', async (claim) => {
    const expected = claim === 'iss' ? 'does not trust (no iss claim)' : `lacks the required "${claim}" claim`;
    await expect(verifier.verify(await craft(without(claim)))).rejects.toThrow(expected);
  });
});

describe('a token for someone else', () => {
  it('is refused for another audience', async () => {
    await expect(verifier.verify(await craft({ ...valid, aud: 'another-api' }))).rejects.toThrow('token for another audience (aud)');
  });

  it('is refused from an issuer nobody configured', async () => {
    await expect(verifier.verify(await craft({ ...valid, iss: 'https://evil.example' }))).rejects.toThrow('does not trust (https://evil.example)');
  });
});

describe('a token with implausible times', () => {
  it('is refused when issued in the future beyond the leeway, and accepted within it', async () => {
    await expect(verifier.verify(await craft({ ...valid, iat: nowSeconds + 120, exp: nowSeconds + 3600 }))).rejects.toThrow('issued in the future');
    await expect(verifier.verify(await craft({ ...valid, iat: nowSeconds + 20, exp: nowSeconds + 3600 }))).resolves.toMatchObject({ issuer: key.issuer });
  });

  it('is refused when it lives longer than the maximum lifetime (a 100-year token)', async () => {
    await expect(verifier.verify(await craft({ ...valid, exp: nowSeconds + 100 * 365 * 86_400 }))).rejects.toThrow('over the maximum of 43200 s');
    await expect(verifier.verify(await craft({ ...valid, exp: nowSeconds + 12 * 3600 + 1 }))).rejects.toThrow('token lifetime (exp - iat) of 43201 s');
    await expect(verifier.verify(await craft({ ...valid, exp: nowSeconds + 12 * 3600 }))).resolves.toMatchObject({ issuer: key.issuer });
  });

  it('is refused when issued so long ago that its lifetime must be over the maximum', async () => {
    await expect(verifier.verify(await craft({ ...valid, iat: nowSeconds - 13 * 3600, exp: nowSeconds + 60 }))).rejects.toThrow(/issued too long ago|over the maximum/);
  });
});

describe('a token that tries to avoid the signature', () => {
  it('is refused when it claims alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...valid, roles: ['admin'] })).toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.`)).rejects.toThrow('unsupported token algorithm');
  });

  it('is refused when signed with a key pair under our issuer (algorithm confusion)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(valid).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await expect(verifier.verify(token)).rejects.toThrow('unsupported token algorithm');
  });

  it('is refused when its claims are not ours, even correctly signed', async () => {
    await expect(verifier.verify(await craft({ ...valid, roles: ['superuser'] }))).rejects.toThrow(/invalid token claims: roles/);
    await expect(verifier.verify(await craft({ ...valid, careTeams: ['x'.repeat(65)] }))).rejects.toThrow(/invalid token claims: careTeams/);
  });

  it('is refused when malformed', async () => {
    await expect(verifier.verify('abc')).rejects.toThrow('malformed token');
    await expect(verifier.verify('a.b.c')).rejects.toThrow('malformed token');
  });
});
