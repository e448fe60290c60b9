import { type Principal, reachableCareTeams, reachesCareTeam } from '@poems/auth';

/** Care teams whose alerts the caller sees (the authorization policy's answer): all (null) or a list. */
export function visibleCareTeams(principal: Principal): string[] | null {
  const teams = reachableCareTeams(principal, 'alert.read');
  return teams === null ? null : [...teams];
}

export function canSeeCareTeam(principal: Principal, careTeam: string): boolean {
  return reachesCareTeam(principal, 'alert.read', careTeam);
}
