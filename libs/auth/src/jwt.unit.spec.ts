import { createHmac } from 'node:crypto';
import { signToken, TokenError, verifyToken } from './jwt';

const secret = 'x'.repeat(32);
const now = new Date('2026-01-01T00:00:00Z');

describe('a signed token', () => {
  it('verifies and yields its claims', () => {
    const token = signToken({ sub: 'alice', roles: ['clinician'], careTeams: ['haem-a'] }, secret, { now });
    expect(verifyToken(token, secret, { now })).toMatchObject({ sub: 'alice', roles: ['clinician'], careTeams: ['haem-a'] });
  });

  it('is refused with another secret, after expiry, or when altered', () => {
    const token = signToken({ sub: 'alice', roles: ['clinician'] }, secret, { now, expiresInSeconds: 60 });
    expect(() => verifyToken(token, 'y'.repeat(32), { now })).toThrow('invalid token signature');
    expect(() => verifyToken(token, secret, { now: new Date(now.getTime() + 120_000) })).toThrow('token expired');
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'alice', roles: ['admin'], exp: 9999999999 })).toString('base64url');
    expect(() => verifyToken(`${h}.${forged}.${s}`, secret, { now })).toThrow(TokenError);
  });
});

describe('a token that tries to avoid the signature', () => {
  it('is refused when it claims alg none', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['admin'], exp: 9999999999 })).toString('base64url');
    expect(() => verifyToken(`${header}.${payload}.`, secret, { now })).toThrow('only HS256');
  });

  it('is refused when its claims are not ours, even correctly signed', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'bob', roles: ['superuser'], exp: 9999999999 })).toString('base64url');
    const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(() => verifyToken(`${header}.${payload}.${sig}`, secret, { now })).toThrow(/invalid token claims: roles/);
  });

  it('is refused when malformed', () => {
    expect(() => verifyToken('abc', secret)).toThrow('malformed token');
    expect(() => verifyToken('a.b.c', secret)).toThrow('malformed token');
  });
});
