import { isAfter, toMs, type IsoTime } from '@poems/kernel';
import type { PatientState } from '@poems/patient';
import type { AlertFinding, AlertRuleCode, Evaluation, Severity } from './alert-finding';
import type { AlertRule } from './rule-support';
import { armMismatch } from './rules/arm-mismatch';
import { bradycardia } from './rules/bradycardia';
import { dexCycleMissed } from './rules/dex-cycle-missed';
import { doseOffProtocol } from './rules/dose-off-protocol';
import { engraftmentSyndromeSuspected } from './rules/engraftment-syndrome-suspected';
import { delayedEngraftment, graftFailureRisk } from './rules/engraftment-deadlines';
import { lowCd34Yield } from './rules/low-cd34-yield';
import { neuropathyWorsening } from './rules/neuropathy-worsening';
import { pbsctMilestoneOverdue } from './rules/pbsct-milestone-overdue';
import { pregnancyTestOverdue } from './rules/pregnancy-test-overdue';
import { pregnancyTestPositive } from './rules/pregnancy-test-positive';
import { severeAeOnThalidomide } from './rules/severe-ae-on-thalidomide';
import { thalidomideSupplyExceeded } from './rules/thalidomide-supply-exceeded';
import { thromboprophylaxisMissing } from './rules/thromboprophylaxis-missing';
import { thalidomideEscalationDue } from './rules/thalidomide-escalation-due';
import { vegfNonResponse } from './rules/vegf-non-response';
import { vegfRebound, vegfReboundSuspected } from './rules/vegf-rebound';
import { assessmentOverdue } from './rules/assessment-overdue';
import { engraftmentDisagreement, secondaryGraftFailure } from './rules/engraftment-records';
import { febrileNeutropenia } from './rules/febrile-neutropenia';
import { treatmentNotStarted } from './rules/treatment-not-started';

/** EVENT: changes only when the patient's history does. TIME: may also change as time passes (deadlines). */
export type RuleTrigger = 'EVENT' | 'TIME';

export interface AlertRuleDefinition {
  readonly code: AlertRuleCode;
  readonly severity: Severity;
  readonly trigger: RuleTrigger;
  readonly evaluate: AlertRule;
}

export const ALERT_RULES: ReadonlyArray<AlertRuleDefinition> = Object.freeze([
  { code: 'DEX_CYCLE_MISSED', severity: 'warning', trigger: 'TIME', evaluate: dexCycleMissed },
  { code: 'VEGF_REBOUND', severity: 'warning', trigger: 'EVENT', evaluate: vegfRebound },
  { code: 'THALIDOMIDE_ESCALATION_DUE', severity: 'info', trigger: 'TIME', evaluate: thalidomideEscalationDue },
  { code: 'DOSE_OFF_PROTOCOL', severity: 'warning', trigger: 'EVENT', evaluate: doseOffProtocol },
  { code: 'ARM_MISMATCH', severity: 'warning', trigger: 'EVENT', evaluate: armMismatch },
  { code: 'NEUROPATHY_WORSENING', severity: 'warning', trigger: 'EVENT', evaluate: neuropathyWorsening },
  { code: 'VEGF_NON_RESPONSE', severity: 'warning', trigger: 'TIME', evaluate: vegfNonResponse },
  { code: 'PBSCT_MILESTONE_OVERDUE', severity: 'warning', trigger: 'TIME', evaluate: pbsctMilestoneOverdue },
  { code: 'GRAFT_FAILURE_RISK', severity: 'critical', trigger: 'TIME', evaluate: graftFailureRisk },
  { code: 'LOW_CD34_YIELD', severity: 'warning', trigger: 'EVENT', evaluate: lowCd34Yield },
  { code: 'ENGRAFTMENT_SYNDROME_SUSPECTED', severity: 'critical', trigger: 'EVENT', evaluate: engraftmentSyndromeSuspected },
  { code: 'BRADYCARDIA', severity: 'warning', trigger: 'EVENT', evaluate: bradycardia },
  // Issues 12 and 16, transplant and VEGF.
  { code: 'FEBRILE_NEUTROPENIA', severity: 'critical', trigger: 'EVENT', evaluate: febrileNeutropenia },
  { code: 'DELAYED_ENGRAFTMENT', severity: 'warning', trigger: 'TIME', evaluate: delayedEngraftment },
  { code: 'SECONDARY_GRAFT_FAILURE', severity: 'critical', trigger: 'EVENT', evaluate: secondaryGraftFailure },
  { code: 'ENGRAFTMENT_DISAGREEMENT', severity: 'info', trigger: 'EVENT', evaluate: engraftmentDisagreement },
  { code: 'TREATMENT_NOT_STARTED', severity: 'warning', trigger: 'TIME', evaluate: treatmentNotStarted },
  { code: 'VEGF_REBOUND_SUSPECTED', severity: 'info', trigger: 'EVENT', evaluate: vegfReboundSuspected },
  { code: 'ASSESSMENT_OVERDUE', severity: 'warning', trigger: 'TIME', evaluate: assessmentOverdue },
  // Issue 12: the thalidomide safety programme.
  { code: 'PREGNANCY_TEST_OVERDUE', severity: 'critical', trigger: 'TIME', evaluate: pregnancyTestOverdue },
  { code: 'PREGNANCY_TEST_POSITIVE', severity: 'critical', trigger: 'EVENT', evaluate: pregnancyTestPositive },
  { code: 'THALIDOMIDE_SUPPLY_EXCEEDED', severity: 'warning', trigger: 'EVENT', evaluate: thalidomideSupplyExceeded },
  { code: 'THROMBOPROPHYLAXIS_MISSING', severity: 'warning', trigger: 'TIME', evaluate: thromboprophylaxisMissing },
  // Issue 16 item 13.
  { code: 'SEVERE_AE_ON_THALIDOMIDE', severity: 'warning', trigger: 'TIME', evaluate: severeAeOnThalidomide },
] as const);

/**
 * Every rule over the patient's whole folded history at `now`: each episode the history shows
 * (active or cleared), in rule order then clinical time, and the future deadlines (> now, sorted,
 * without duplicates) at which a time-driven rule may change.
 */
export function evaluateRules(state: PatientState, now: IsoTime): Evaluation {
  const findings: AlertFinding[] = [];
  const deadlines = new Set<IsoTime>();
  for (const rule of ALERT_RULES) {
    const result = rule.evaluate(state, now);
    findings.push(...[...result.findings].sort((a, b) => toMs(a.clinicalTime) - toMs(b.clinicalTime)));
    for (const deadline of result.deadlines) if (isAfter(deadline, now)) deadlines.add(deadline);
  }
  return { findings, deadlines: [...deadlines].sort((a, b) => toMs(a) - toMs(b)) };
}
