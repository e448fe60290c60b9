// Rules: findings over a patient's folded history.
export * from './alert-finding';
export { ALERT_RULES, evaluateRules, type AlertRuleDefinition, type RuleTrigger } from './alert-rules';
export type { AlertRule } from './rule-support';
export { armMismatch } from './rules/arm-mismatch';
export { bradycardia } from './rules/bradycardia';
export { dexCycleMissed } from './rules/dex-cycle-missed';
export { doseOffProtocol } from './rules/dose-off-protocol';
export { engraftmentSyndromeSuspected } from './rules/engraftment-syndrome-suspected';
export { delayedEngraftment, graftFailureRisk } from './rules/engraftment-deadlines';
export { lowCd34Yield } from './rules/low-cd34-yield';
export { neuropathyWorsening } from './rules/neuropathy-worsening';
export { pbsctMilestoneOverdue } from './rules/pbsct-milestone-overdue';
export { thalidomideEscalationDue } from './rules/thalidomide-escalation-due';
export { vegfNonResponse } from './rules/vegf-non-response';
export { vegfRebound, vegfReboundSuspected } from './rules/vegf-rebound';
// Issues 12 and 16, transplant and VEGF.
export { ASSESSMENT_LABELS, assessmentOverdue } from './rules/assessment-overdue';
export { engraftmentDisagreement, secondaryGraftFailure } from './rules/engraftment-records';
export { febrileNeutropenia } from './rules/febrile-neutropenia';
export { treatmentNotStarted } from './rules/treatment-not-started';
export { scheduleInputsOf } from './rules/schedule-inputs';
export { neutrophilEngraftment, plateletEngraftment, type EngraftmentReading } from './rules/blood-counts';
export { vegfResults, type VegfResult } from './rules/vegf-results';
// Issue 12: the thalidomide safety programme; issue 16 item 13.
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
