import type { PatientCommandInput, Sex } from '@poems/patient';
import type { Arm } from '@poems/protocol';

export interface CohortOptions {
  /** Any text; the same seed and end date give a byte-identical cohort. */
  readonly seed?: string;
  /** The calendar day (YYYY-MM-DD) follow-up ends, e.g. today. Nothing is dated on or after it. */
  readonly endDate: string;
  /** 36 in the study (21 Auto-PBSCT, 15 thalidomide + dexamethasone); other sizes keep the ratio. */
  readonly patients?: number;
}

/** The alert rules that the cohort plants an example of. */
export const PLANTED_RULES = [
  'DEX_CYCLE_MISSED',
  'VEGF_REBOUND',
  'DOSE_OFF_PROTOCOL',
  'THALIDOMIDE_ESCALATION_DUE',
  'BRADYCARDIA',
  'NEUROPATHY_WORSENING',
  'LOW_CD34_YIELD',
  'ENGRAFTMENT_SYNDROME_SUSPECTED',
  // Issues 12 and 16, transplant and VEGF.
  'FEBRILE_NEUTROPENIA',
  'DELAYED_ENGRAFTMENT',
  'SECONDARY_GRAFT_FAILURE',
  'ENGRAFTMENT_DISAGREEMENT',
  'PBSCT_MILESTONE_OVERDUE',
  'TREATMENT_NOT_STARTED',
  'VEGF_REBOUND_SUSPECTED',
  'ASSESSMENT_OVERDUE',
  // Issue 12: the thalidomide safety programme; issue 16 item 13.
  'PREGNANCY_TEST_OVERDUE',
  'PREGNANCY_TEST_POSITIVE',
  'THALIDOMIDE_SUPPLY_EXCEEDED',
  'THROMBOPROPHYLAXIS_MISSING',
  'SEVERE_AE_ON_THALIDOMIDE',
  // The last three rules: every rule of ALERT_RULES has its example.
  'ARM_MISMATCH',
  'VEGF_NON_RESPONSE',
  'GRAFT_FAILURE_RISK',
] as const;
export type PlantedRule = (typeof PLANTED_RULES)[number];

export interface PlantedProblem {
  readonly rule: PlantedRule;
  /** The alert's clinical time as the domain stores it (UTC), and its calendar day (clinic hours in Tokyo: local = UTC). */
  readonly clinicalTime: string;
  readonly clinicalDate: string;
  readonly note: string;
}

/**
 * IMPROVED: VEGF normalised (< 600 pg/mL) and ONLS at least 1 point better than baseline.
 * STABLE: VEGF fell but stayed above normal, or ONLS unchanged.
 */
export type ExpectedOutcome = 'IMPROVED' | 'STABLE';

/** Traits that shape a course without raising an alert. */
export type CourseTrait =
  | 'AGE_75_PLUS'
  | 'STABLE_VEGF_ABOVE_NORMAL'
  | 'STABLE_ONLS_UNCHANGED'
  | 'ESCALATION_HELD_FOR_ADVERSE_EVENT'
  | 'REGIMEN_ENDED'
  | 'CORRECTED_VEGF_RESULT'
  // Issue 12: a woman under 55 who cannot have a transplant, on thalidomide: the pregnancy programme applies.
  | 'CHILDBEARING_POTENTIAL';

export interface CohortPatient {
  readonly id: string;
  readonly name: string;
  readonly mrn: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly careTeam: string;
  /** UTC, as stored. */
  readonly enrolledAt: string;
  readonly age: number;
  readonly arm: Arm;
  /** Half doses of thalidomide and dexamethasone (75 and older). */
  readonly halfDose: boolean;
  /** First thalidomide dose, or the stem cell infusion (day 0); UTC. */
  readonly treatmentStart: string;
  readonly expectedOutcome: ExpectedOutcome;
  readonly traits: ReadonlyArray<CourseTrait>;
  readonly problems: ReadonlyArray<PlantedProblem>;
  /** UTC; only for a thalidomide regimen ended with EndRegimen. */
  readonly regimenEndedAt?: string;
  /** The VEGF accession sent twice, the second time with status 'corrected'. */
  readonly correctedAccessionId?: string;
}

export interface Cohort {
  /** In /v1/import order of lines: patient by patient in enrolment order, each in clinical order. */
  readonly commands: PatientCommandInput[];
  readonly patients: CohortPatient[];
}
