import { type Arm, ARMS } from '@poems/protocol';
import { RESPONSE_CRITERIA_RULE } from './response-criteria';
import type { DomainAssessment, ResponseRow } from './response-rows';

export const RESPONSE_CLASSES = ['IMPROVED', 'STABILISED', 'PROGRESSED', 'NOT_EVALUABLE'] as const;
export type ResponseClass = (typeof RESPONSE_CLASSES)[number];
export type NotEvaluableReason = 'NO_TREATMENT_START' | 'NO_VEGF_RESPONSE' | 'NO_CLINICAL_RESPONSE';

/** The research rule over the per-domain responses (issue 16 item 15). Keep it in step with classify. */
export const RESEARCH_RESPONSE_RULE = [
  'Overall, from each patient’s latest response per domain (rule below):',
  'IMPROVED: CLINICAL IMPROVED and VEGF COMPLETE or PARTIAL.',
  'PROGRESSED: CLINICAL WORSENED, or VEGF PROGRESSION.',
  'STABILISED: evaluable, neither (a VEGF above baseline is not progression by itself; a normal VEGF is not needed to improve).',
  'NOT_EVALUABLE: no treatment start, or no VEGF or no clinical response yet (a missing baseline or follow-up sample).',
  'The haematologic response is reported but does not enter the overall class.',
  '',
  RESPONSE_CRITERIA_RULE,
].join('\n');

export interface PatientResponse {
  /** The subject: a pseudonym in research views. */
  subject: string;
  arm: Arm;
  classification: ResponseClass;
  notEvaluableBecause: NotEvaluableReason | null;
  vegf: DomainAssessment | null;
  haematologic: DomainAssessment | null;
  clinical: DomainAssessment | null;
  /** Days from the start to the later of the latest VEGF and clinical responses. */
  followUpDays: number | null;
  /** Every domain response after day 0, in time order. */
  overTime: DomainAssessment[];
}

export interface ArmResponseCounts {
  arm: Arm;
  improved: number;
  stabilised: number;
  progressed: number;
  notEvaluable: number;
}

function classify(row: ResponseRow): Pick<PatientResponse, 'classification' | 'notEvaluableBecause'> {
  const { VEGF: vegf, CLINICAL: clinical } = row.current;
  const missing: NotEvaluableReason | null = row.treatmentStartedAt === null ? 'NO_TREATMENT_START' : !vegf ? 'NO_VEGF_RESPONSE' : !clinical ? 'NO_CLINICAL_RESPONSE' : null;
  if (missing || !vegf || !clinical) return { classification: 'NOT_EVALUABLE', notEvaluableBecause: missing };
  if (clinical.response === 'WORSENED' || vegf.response === 'PROGRESSION') return { classification: 'PROGRESSED', notEvaluableBecause: null };
  if (clinical.response === 'IMPROVED' && (vegf.response === 'COMPLETE' || vegf.response === 'PARTIAL')) return { classification: 'IMPROVED', notEvaluableBecause: null };
  return { classification: 'STABILISED', notEvaluableBecause: null };
}

/** One patient's overall response, with the domain responses it was judged on. */
export function patientResponse(row: ResponseRow): PatientResponse {
  const { VEGF: vegf, HAEMATOLOGIC: haematologic, CLINICAL: clinical } = row.current;
  const followUp = [vegf, clinical].filter((a): a is DomainAssessment => a !== null).map((a) => a.daysSinceStart);
  return {
    subject: row.subject,
    arm: row.arm,
    ...classify(row),
    vegf,
    haematologic,
    clinical,
    followUpDays: vegf && clinical ? Math.max(...followUp) : null,
    overTime: row.assessments,
  };
}

const COUNT_FIELD = { IMPROVED: 'improved', STABILISED: 'stabilised', PROGRESSED: 'progressed', NOT_EVALUABLE: 'notEvaluable' } as const satisfies Record<ResponseClass, keyof ArmResponseCounts>;

/** Counts per arm (every arm asked for, even with no patient) and each patient's response. */
export function summariseResponseRows(rows: readonly ResponseRow[], arms: readonly Arm[] = ARMS): { rule: string; perArm: ArmResponseCounts[]; perPatient: PatientResponse[] } {
  const perPatient = rows
    .filter((r) => arms.includes(r.arm))
    .map(patientResponse)
    .sort((a, b) => ARMS.indexOf(a.arm) - ARMS.indexOf(b.arm) || (a.subject < b.subject ? -1 : 1));
  const perArm = arms.map((arm) => {
    const counts: ArmResponseCounts = { arm, improved: 0, stabilised: 0, progressed: 0, notEvaluable: 0 };
    for (const response of perPatient) if (response.arm === arm) counts[COUNT_FIELD[response.classification]] += 1;
    return counts;
  });
  return { rule: RESEARCH_RESPONSE_RULE, perArm, perPatient };
}
