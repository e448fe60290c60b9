import type { IsoTime } from '@poems/kernel';
import { z } from 'zod';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.output<typeof severitySchema>;

/** Stable codes: they name alerts in streams, ids and statistics, so they are never renamed. */
export const ALERT_RULE_CODES = [
  'DEX_CYCLE_MISSED',
  'VEGF_REBOUND',
  'THALIDOMIDE_ESCALATION_DUE',
  'DOSE_OFF_PROTOCOL',
  'ARM_MISMATCH',
  'NEUROPATHY_WORSENING',
  'VEGF_NON_RESPONSE',
  'PBSCT_MILESTONE_OVERDUE',
  'GRAFT_FAILURE_RISK',
  'LOW_CD34_YIELD',
  'ENGRAFTMENT_SYNDROME_SUSPECTED',
  'BRADYCARDIA',
  // Issues 12 and 16, transplant and VEGF (libs/alert-rules/README.md).
  'FEBRILE_NEUTROPENIA',
  'DELAYED_ENGRAFTMENT',
  'SECONDARY_GRAFT_FAILURE',
  'ENGRAFTMENT_DISAGREEMENT',
  'TREATMENT_NOT_STARTED',
  'VEGF_REBOUND_SUSPECTED',
  'ASSESSMENT_OVERDUE',
  // Issue 12: the thalidomide safety programme (TERMS / REMS, IMWG thromboprophylaxis).
  'PREGNANCY_TEST_OVERDUE',
  'PREGNANCY_TEST_POSITIVE',
  'THALIDOMIDE_SUPPLY_EXCEEDED',
  'THROMBOPROPHYLAXIS_MISSING',
  // Issue 16 item 13: a grade ≥ 3 adverse event on thalidomide without a hold or reduction.
  'SEVERE_AE_ON_THALIDOMIDE',
] as const;
export const alertRuleCodeSchema = z.enum(ALERT_RULE_CODES);
export type AlertRuleCode = z.output<typeof alertRuleCodeSchema>;

/** Why an episode that the history shows is over; the alert is resolved with this reason. */
export type ClearedReason = 'CONDITION_CLEARED' | 'PATIENT_REGIMEN_ENDED';

/** One episode of a rule, as the patient's whole history shows it at `now`. */
export interface AlertFinding {
  readonly rule: AlertRuleCode;
  readonly severity: Severity;
  /** Stable per episode: the alert id derives from patient + rule + episodeKey. */
  readonly episodeKey: string;
  /** The clinical time the alert refers to. */
  readonly clinicalTime: IsoTime;
  /** One line (< 140 characters) a clinician can act on. */
  readonly summary: string;
  /** Ids of the patient events that caused it. */
  readonly evidence: ReadonlyArray<string>;
  /** Whether the condition still holds at `now`. */
  readonly active: boolean;
  /** When inactive: the clinical time it cleared. */
  readonly clearedAt?: IsoTime;
  /** When inactive: a short reason, e.g. "dexamethasone given 2024-03-05". */
  readonly clearedBecause?: string;
  /** When inactive: CONDITION_CLEARED unless the regimen's end is what ended the episode. */
  readonly clearedReason?: ClearedReason;
}

export interface Evaluation {
  readonly findings: ReadonlyArray<AlertFinding>;
  /** Future times (> now) at which a time-driven rule may change: the engine schedules jobs there. */
  readonly deadlines: ReadonlyArray<IsoTime>;
}

export const NO_FINDINGS: Evaluation = Object.freeze({ findings: Object.freeze([]), deadlines: Object.freeze([]) });
