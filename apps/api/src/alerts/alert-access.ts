import { hasRole, type Principal } from '@poems/auth';

/** Care teams whose alerts the caller sees: their own for clinicians, all (null) for auditors and admins. */
export function visibleCareTeams(principal: Principal): string[] | null {
  return hasRole(principal, 'auditor', 'admin') ? null : principal.careTeams;
}

export function canSeeCareTeam(principal: Principal, careTeam: string): boolean {
  const teams = visibleCareTeams(principal);
  return teams === null || teams.includes(careTeam);
}
