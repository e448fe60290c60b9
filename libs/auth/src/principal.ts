import type { UserRole } from './claims';

/** The authenticated caller, as every handler sees it. */
export interface Principal {
  userId: string;
  roles: UserRole[];
  careTeams: string[];
  /** The system itself (the alert engine): takes the actions no user may (raising, resolving alerts). */
  system?: boolean;
  /**
   * Another system acting through an interface (a lab's HL7 feed, an EHR calling CDS Hooks): it
   * takes only the actions the policy grants its kind, in `careTeams` ('*': every care team).
   */
  integration?: IntegrationKind;
}

export const INTEGRATION_KINDS = ['lab-feed', 'ehr'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/** The principal of a configured interface partner, recorded in metadata as `<kind>:<id>` with role 'system'. */
export function integrationPrincipal(kind: IntegrationKind, id: string, careTeams: ReadonlyArray<string>): Principal {
  return { userId: `${kind}:${id}`, roles: [], careTeams: [...careTeams], integration: kind };
}

/** The principal of work the system does on its own behalf (recorded as role 'system'). */
export function systemPrincipal(userId: string): Principal {
  return { userId, roles: [], careTeams: [], system: true };
}

export function hasRole(principal: Principal, ...roles: UserRole[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** The role recorded in event metadata: the most privileged one the caller acted with. */
export function actingRole(principal: Principal, allowed: UserRole[]): UserRole {
  const order: UserRole[] = ['admin', 'clinician', 'auditor', 'researcher'];
  return order.find((role) => principal.roles.includes(role) && allowed.includes(role)) ?? principal.roles[0]!;
}

/** Clinicians reach their care teams' patients only; auditors and admins reach every patient. */
export function canAccessCareTeam(principal: Principal, careTeam: string): boolean {
  if (hasRole(principal, 'admin', 'auditor')) return true;
  return hasRole(principal, 'clinician') && principal.careTeams.includes(careTeam);
}
