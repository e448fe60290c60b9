// Rules: findings over a patient's folded history.
export * from './alert-finding';
export { ALERT_RULES, evaluateRules, type AlertRuleDefinition, type RuleTrigger } from './alert-rules';
export type { AlertRule } from './rule-support';
export { armMismatch } from './rules/arm-mismatch';
export { bradycardia } from './rules/bradycardia';
export { dexCycleMissed } from './rules/dex-cycle-missed';
export { doseOffProtocol } from './rules/dose-off-protocol';
export {
  ENGRAFTMENT_SIGN_TERMS,
  ENGRAFTMENT_WEIGHT_GAIN_FRACTION,
  ENGRAFTMENT_WINDOW_START_DAY_BEFORE_ENGRAFTMENT,
  engraftmentSyndromeSuspected,
} from './rules/engraftment-syndrome-suspected';
export { graftFailureRisk } from './rules/graft-failure-risk';
export { lowCd34Yield } from './rules/low-cd34-yield';
export { neuropathyWorsening } from './rules/neuropathy-worsening';
export { pbsctMilestoneOverdue } from './rules/pbsct-milestone-overdue';
export { thalidomideEscalationDue } from './rules/thalidomide-escalation-due';
export { VEGF_BASELINE_MAX_AGE_DAYS, vegfNonResponse } from './rules/vegf-non-response';
export { vegfRebound } from './rules/vegf-rebound';
export { pregnancyTestOverdue } from './rules/pregnancy-test-overdue';
export { pregnancyTestPositive } from './rules/pregnancy-test-positive';
export { thalidomideSupplyExceeded } from './rules/thalidomide-supply-exceeded';
export { thromboprophylaxisMissing } from './rules/thromboprophylaxis-missing';
export { severeAeOnThalidomide } from './rules/severe-ae-on-thalidomide';
// The alert stream: events, commands, decide and evolve, identity, planning.
export * from './alert-events';
export * from './alert-commands';
export * from './alert-state';
export { decideAlert, type AlertDecideContext } from './decide-alert';
export * from './alert-identity';
export * from './plan-alert-changes';
// The impact preview of a candidate protocol (issue 12).
export * from './protocol-preview';
