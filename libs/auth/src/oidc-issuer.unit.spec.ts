import { OidcIssuer, readClaim } from './oidc-issuer';

const issuer = (overrides: Partial<ConstructorParameters<typeof OidcIssuer>[0]> = {}) =>
  new OidcIssuer({ issuer: 'https://idp.example/realms/h', audience: 'poems', rolesClaim: 'roles', careTeamsClaim: 'careTeams', ...overrides });

describe('reading a claim the configuration names', () => {
  it('follows dotted paths, and prefers a claim whose own name has dots', () => {
    const payload = { realm_access: { roles: ['a'] }, 'https://x.org/roles': ['b'], resource_access: { 'poems-monitor': { roles: ['c'] } } };
    expect(readClaim(payload, 'realm_access.roles')).toEqual(['a']);
    expect(readClaim(payload, 'https://x.org/roles')).toEqual(['b']);
    expect(readClaim(payload, 'resource_access.poems-monitor.roles')).toEqual(['c']);
    expect(readClaim(payload, 'realm_access.missing')).toBeUndefined();
    expect(readClaim({ roles: 'x' }, 'roles.length')).toBeUndefined();
  });
});

describe('a principal from an identity provider’s claims', () => {
  it('keeps our role names and drops the provider’s others when no map is given', () => {
    expect(issuer().principalFrom({ sub: 'u1', roles: ['clinician', 'offline_access'], careTeams: ['haem-a'] })).toEqual({ userId: 'u1', roles: ['clinician'], careTeams: ['haem-a'] });
  });

  it('maps role names, counts only mapped names, and reads space-separated strings', () => {
    const mapped = issuer({ rolesClaim: 'realm_access.roles', careTeamsClaim: 'teams', roleMap: { 'POEMS.Clinician': 'clinician', 'POEMS.Admin': 'admin' } });
    expect(mapped.principalFrom({ sub: 'u2', realm_access: { roles: ['POEMS.Clinician', 'admin'] }, teams: 'haem-a haem-b' })).toEqual({ userId: 'u2', roles: ['clinician'], careTeams: ['haem-a', 'haem-b'] });
    expect(() => mapped.principalFrom({ sub: 'u3', realm_access: { roles: ['admin'] } })).toThrow('none of this system');
  });

  it('refuses claims of the wrong shape rather than guessing', () => {
    expect(() => issuer().principalFrom({ roles: ['clinician'] })).toThrow('sub');
    expect(() => issuer().principalFrom({ sub: 'u', roles: [1, 2] })).toThrow('roles must be a list of strings');
    expect(() => issuer().principalFrom({ sub: 'u', roles: ['auditor'], careTeams: ['x'.repeat(65)] })).toThrow('care team');
    expect(issuer().principalFrom({ sub: 'u', roles: ['auditor'] }).careTeams).toEqual([]);
  });
});
