/**
 * The people of the demo identity provider: one per role, so a newcomer signs in with a click.
 * Their roles and care teams travel in the access tokens exactly as a hospital provider's would
 * (claims `roles` and `careTeams`, the API's defaults).
 */
export interface DemoUser {
  /** The `sub` recorded in events and the access log. */
  id: string;
  name: string;
  /** How the sign-in button names them: "Sign in as <label>". */
  label: string;
  roles: ReadonlyArray<'clinician' | 'auditor' | 'researcher' | 'admin'>;
  careTeams: ReadonlyArray<string>;
}

export const DEMO_USERS: ReadonlyArray<DemoUser> = [
  { id: 'demo-clinician', name: 'Dr Aiko Tanaka', label: 'the demo clinician', roles: ['clinician'], careTeams: ['haem-a', 'haem-b'] },
  { id: 'demo-auditor', name: 'Kenji Mori (audit)', label: 'the demo auditor', roles: ['auditor'], careTeams: [] },
  { id: 'demo-researcher', name: 'Yui Sato (research)', label: 'the demo researcher', roles: ['researcher'], careTeams: [] },
  { id: 'demo-admin', name: 'Admin Demo', label: 'the demo admin', roles: ['admin'], careTeams: [] },
];
