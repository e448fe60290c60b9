import type { ArmResponseCounts, DomainAssessment, PatientResponse } from '@poems/read-models';

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
