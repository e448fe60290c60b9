import type { ArmResponseCounts, DomainAssessment, PatientResponse } from '@poems/read-models';
import type { CsvCell } from './research-csv';

/** A domain's response as researchers see it: days since the start, never a (shifted) date or a key. */
export interface ResearchDomainResponse {
  response: DomainAssessment['response'];
  daysSinceStart: number;
  detail: string;
}

export interface ResearchPatientResponse {
  pseudoId: string;
  arm: PatientResponse['arm'];
  classification: PatientResponse['classification'];
  notEvaluableBecause: PatientResponse['notEvaluableBecause'];
  vegf: ResearchDomainResponse | null;
  haematologic: ResearchDomainResponse | null;
  clinical: ResearchDomainResponse | null;
  followUpDays: number | null;
  /** The responses over time: domain, days since the start, response. */
  overTime: Array<{ domain: DomainAssessment['domain']; daysSinceStart: number; response: DomainAssessment['response'] }>;
}

const domain = (a: DomainAssessment | null): ResearchDomainResponse | null => a && { response: a.response, daysSinceStart: a.daysSinceStart, detail: a.detail };

/** The research answer: the counts and rule as summarised, each patient without dates or measurement keys. */
export function presentResearchResponses(summary: { rule: string; perArm: ArmResponseCounts[]; perPatient: PatientResponse[] }): {
  rule: string;
  perArm: ArmResponseCounts[];
  perPatient: ResearchPatientResponse[];
} {
  return {
    rule: summary.rule,
    perArm: summary.perArm,
    perPatient: summary.perPatient.map((p) => ({
      pseudoId: p.subject,
      arm: p.arm,
      classification: p.classification,
      notEvaluableBecause: p.notEvaluableBecause,
      vegf: domain(p.vegf),
      haematologic: domain(p.haematologic),
      clinical: domain(p.clinical),
      followUpDays: p.followUpDays,
      overTime: p.overTime.map((a) => ({ domain: a.domain, daysSinceStart: a.daysSinceStart, response: a.response })),
    })),
  };
}

/**
 * The CSV of `GET /v1/research/responses` (one row per patient): the JSON's fields but `overTime`,
 * each domain as `<domain>_response`, `<domain>_detail`, `<domain>_days_since_start`. Columns added
 * later come at the end, so a reader's column positions stay valid.
 */
export const RESPONSE_CSV_HEADER = [
  'pseudo_id',
  'arm',
  'classification',
  'not_evaluable_because',
  'vegf_response',
  'vegf_detail',
  'haematologic_response',
  'clinical_response',
  'clinical_detail',
  'follow_up_days',
  'haematologic_detail',
  'vegf_days_since_start',
  'haematologic_days_since_start',
  'clinical_days_since_start',
] as const;

export function responseCsvRow(r: ResearchPatientResponse): CsvCell[] {
  return [
    r.pseudoId,
    r.arm,
    r.classification,
    r.notEvaluableBecause,
    r.vegf?.response ?? null,
    r.vegf?.detail ?? null,
    r.haematologic?.response ?? null,
    r.clinical?.response ?? null,
    r.clinical?.detail ?? null,
    r.followUpDays,
    r.haematologic?.detail ?? null,
    r.vegf?.daysSinceStart ?? null,
    r.haematologic?.daysSinceStart ?? null,
    r.clinical?.daysSinceStart ?? null,
  ];
}
