import type { paths } from './api/schema';

/** Every rule the API can raise (from the OpenAPI document): a rule added there without a label here fails the type check. */
export type AlertRule = NonNullable<NonNullable<paths['/v1/alerts']['get']['parameters']['query']>['rule']>;

const LABELS: Readonly<Record<AlertRule, string>> = {
  DEX_CYCLE_MISSED: 'Dexamethasone cycle missed',
  VEGF_REBOUND: 'VEGF rebound (confirmed)',
  THALIDOMIDE_ESCALATION_DUE: 'Thalidomide escalation due',
  DOSE_OFF_PROTOCOL: 'Dose off protocol',
  ARM_MISMATCH: 'Treatment off the patient’s arm',
  NEUROPATHY_WORSENING: 'Neuropathy worsening',
  VEGF_NON_RESPONSE: 'VEGF non-response at six months',
  PBSCT_MILESTONE_OVERDUE: 'Transplant step overdue',
  GRAFT_FAILURE_RISK: 'Graft failure risk (no engraftment by day +30)',
  LOW_CD34_YIELD: 'Low CD34+ yield',
  ENGRAFTMENT_SYNDROME_SUSPECTED: 'Engraftment syndrome suspected',
  BRADYCARDIA: 'Bradycardia on thalidomide',
  FEBRILE_NEUTROPENIA: 'Febrile neutropenia',
  DELAYED_ENGRAFTMENT: 'Delayed engraftment (day +21)',
  SECONDARY_GRAFT_FAILURE: 'Secondary graft failure',
  ENGRAFTMENT_DISAGREEMENT: 'Engraftment date disagrees with the counts',
  TREATMENT_NOT_STARTED: 'Treatment not started',
  VEGF_REBOUND_SUSPECTED: 'VEGF rebound suspected',
  ASSESSMENT_OVERDUE: 'Assessment overdue',
  PREGNANCY_TEST_OVERDUE: 'Pregnancy test overdue',
  PREGNANCY_TEST_POSITIVE: 'Pregnancy test positive',
  THALIDOMIDE_SUPPLY_EXCEEDED: 'Thalidomide dispensing outside the limits',
  THROMBOPROPHYLAXIS_MISSING: 'Thromboprophylaxis missing',
  SEVERE_AE_ON_THALIDOMIDE: 'Severe adverse event on thalidomide, not held',
};

export const ALERT_RULE_CODES = Object.keys(LABELS) as AlertRule[];

/** A rule's readable name; a code the app does not know yet (a newer API) reads as words rather than failing. */
export function ruleLabel(rule: string): string {
  return (LABELS as Record<string, string>)[rule] ?? rule.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
