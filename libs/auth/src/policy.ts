import { DomainError } from '@poems/kernel';
import type { UserRole } from './claims';
import { hasRole, type IntegrationKind, type Principal } from './principal';

/**
 * Who may do what: the one authorization policy. Every door and every read asks it, through
 * `authorize` (or `rolesFor` for the route-level check the guard makes before any work).
 *
 * The rule for 403 and 404, so that no answer reveals whether another team's patient exists:
 * - 403 FORBIDDEN when the caller's roles never allow the action, whatever the resource;
 * - 404 (PATIENT_NOT_FOUND for reads, PATIENT_NOT_ENROLLED for commands, ALERT_NOT_FOUND) when the
 *   resource does not exist **or** lies outside the caller's care teams: the two are the same answer;
 * - 403 NOT_IN_CARE_TEAM only when the caller names a care team not theirs for something new
 *   (enrolling into it): the caller chose that team, so nothing is revealed.
 * No refusal names a care team.
 */
export const ACTIONS = {
  'patient.enrol': ['clinician', 'admin'],
  'patient.record': ['clinician', 'admin'],
  /** Lab results: also what a lab's HL7 feed may record (see INTEGRATION_ACTIONS). */
  'patient.record-lab': ['clinician', 'admin'],
  'patient.erase': ['admin'],
  'patient.read': ['clinician', 'auditor', 'admin'],
  /** Values a correction replaced, on the timeline (the events endpoint shows everything to those who may read it). */
  'patient.read-originals': ['auditor', 'admin'],
  'patient.import': ['clinician', 'admin'],
  'alert.read': ['clinician', 'auditor', 'admin'],
  'alert.acknowledge': ['clinician', 'admin'],
  'alert.raise': [],
  'alert.resolve': [],
  'alert.escalate': [],
  'webhook.read': ['clinician', 'auditor', 'admin'],
  'webhook.manage': ['clinician', 'admin'],
  'audit.read': ['auditor', 'admin'],
  'audit.seal': ['admin'],
  'research.read': ['researcher', 'auditor', 'admin'],
  /** The de-identified FHIR Bulk Data export. */
  'research.export': ['researcher', 'admin'],
  /** The HL7 intake log (what labs sent, accepted or refused) and replaying refused messages. */
  'hl7.intake.read': ['admin'],
  'hl7.replay': ['admin'],
  /** A CDS Hooks call: only an EHR integration makes one. */
  'cds.patient-view': [],
  'status.read': ['clinician', 'auditor', 'researcher', 'admin'],
} as const satisfies Record<string, ReadonlyArray<UserRole>>;
export type Action = keyof typeof ACTIONS;

/** Actions only the system itself takes (the alert engine): no user role allows them. */
const SYSTEM_ACTIONS: ReadonlySet<Action> = new Set(['alert.raise', 'alert.resolve', 'alert.escalate']);
/** What each kind of integration may do, and nothing else (whatever its care teams). */
const INTEGRATION_ACTIONS: Readonly<Record<IntegrationKind, ReadonlySet<Action>>> = {
  'lab-feed': new Set(['patient.record-lab']),
  ehr: new Set(['cds.patient-view', 'alert.read', 'alert.acknowledge']),
};
/** Actions that only read: auditors reach every care team for these. */
const READS: ReadonlySet<Action> = new Set(['patient.read', 'patient.read-originals', 'alert.read', 'webhook.read']);

export type Resource =
  /** An existing patient or alert by its care team; `careTeam: undefined` when there is no such thing. */
  | { readonly kind: 'patient' | 'alert'; readonly careTeam: string | undefined }
  /** Something being created in a care team the caller names (an enrolment, a webhook). */
  | { readonly kind: 'new'; readonly careTeam: string }
  /** Not tied to a care team (the audit log, research views, status). */
  | { readonly kind: 'global' };

/** The roles that may take an action at all (what the route guard checks before any work). */
export function rolesFor(action: Action): ReadonlyArray<UserRole> {
  return ACTIONS[action];
}

export function mayAttempt(principal: Principal, action: Action): boolean {
  if (principal.integration) return INTEGRATION_ACTIONS[principal.integration].has(action);
  if (SYSTEM_ACTIONS.has(action)) return principal.system === true;
  return principal.system === true || hasRole(principal, ...ACTIONS[action]);
}

/** Care teams whose resources the caller reaches for an action: all (null) or a list. */
export function reachableCareTeams(principal: Principal, action: Action): ReadonlyArray<string> | null {
  if (principal.integration) return principal.careTeams.includes('*') ? null : principal.careTeams;
  if (principal.system || hasRole(principal, 'admin')) return null;
  if (READS.has(action) && hasRole(principal, 'auditor')) return null;
  return hasRole(principal, 'clinician') ? principal.careTeams : [];
}

export function reachesCareTeam(principal: Principal, action: Action, careTeam: string): boolean {
  const teams = reachableCareTeams(principal, action);
  return teams === null || teams.includes(careTeam);
}

function notFound(action: Action, kind: 'patient' | 'alert'): DomainError {
  if (kind === 'alert') return new DomainError('ALERT_NOT_FOUND', 'No such alert in your care teams', 'not_found');
  return READS.has(action)
    ? new DomainError('PATIENT_NOT_FOUND', 'No such patient in your care teams', 'not_found', ['patientId'])
    : new DomainError('PATIENT_NOT_ENROLLED', 'No such patient is enrolled in your care teams', 'not_found', ['patientId']);
}

/** Throws the coded refusal (forbidden / not_found) unless the principal may take the action on the resource. */
export function authorize(principal: Principal, action: Action, resource: Resource): void {
  if (!mayAttempt(principal, action)) {
    const roles = ACTIONS[action];
    if (principal.integration) throw new DomainError('FORBIDDEN', `A ${principal.integration} integration may not do this (${action})`, 'forbidden');
    const needs = roles.length ? `one of the roles: ${roles.join(', ')}` : 'the system itself';
    throw new DomainError('FORBIDDEN', `This needs ${needs}`, 'forbidden');
  }
  switch (resource.kind) {
    case 'global':
      return;
    case 'new':
      if (!reachesCareTeam(principal, action, resource.careTeam)) {
        throw new DomainError('NOT_IN_CARE_TEAM', 'You may act only in your own care teams', 'forbidden', ['careTeam']);
      }
      return;
    case 'patient':
    case 'alert':
      if (resource.careTeam === undefined || !reachesCareTeam(principal, action, resource.careTeam)) throw notFound(action, resource.kind);
      return;
  }
}

/** The role recorded in event metadata: the most privileged one the caller acted with ('system' for the engine). */
export function roleActingFor(principal: Principal, action: Action): UserRole | 'system' {
  if (principal.system || principal.integration) return 'system';
  const order: UserRole[] = ['admin', 'clinician', 'auditor', 'researcher'];
  return order.find((role) => principal.roles.includes(role) && (ACTIONS[action] as ReadonlyArray<UserRole>).includes(role)) ?? principal.roles[0]!;
}
