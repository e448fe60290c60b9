import type { DomainAssessment, PatientResponse } from '@poems/read-models';
import { presentResearchResponses, RESPONSE_CSV_HEADER, responseCsvRow } from './research-responses';

const assessed = (domain: DomainAssessment['domain'], response: DomainAssessment['response'], daysSinceStart: number, detail: string): DomainAssessment => ({
  domain,
  at: '2025-05-01T00:00:00.000Z',
  daysSinceStart,
  response,
  detail,
  evidence: ['k1', 'k2'],
});

const patient: PatientResponse = {
  subject: 'P-0123456789abcdef',
  arm: 'THALIDOMIDE_DEXAMETHASONE',
  classification: 'IMPROVED',
  notEvaluableBecause: null,
  vegf: assessed('VEGF', 'COMPLETE', 120, 'VEGF 400 pg/mL (serum RIA) against baseline 3200: normal (< 600)'),
  haematologic: assessed('HAEMATOLOGIC', 'COMPLETE', 90, 'immunofixation negative (baseline positive)'),
  clinical: assessed('CLINICAL', 'IMPROVED', 168, 'ONLS 3 against baseline 5 (-2)'),
  followUpDays: 168,
  overTime: [],
};
const summary = presentResearchResponses({ rule: 'rule', perArm: [], perPatient: [patient] });

describe('the research responses as CSV', () => {
  // The CSV had no haematologic detail and no day of any domain's response, which the JSON gives.
  it('has a column for every per-domain field of the JSON answer', () => {
    const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const domainFields = Object.keys(summary.perPatient[0]!.vegf!);
    for (const domain of ['vegf', 'haematologic', 'clinical']) {
      for (const field of domainFields) expect(RESPONSE_CSV_HEADER).toContain(`${domain}_${snake(field)}`);
    }
  });

  it('writes each patient’s values under their columns', () => {
    const row = Object.fromEntries(RESPONSE_CSV_HEADER.map((column, i) => [column, responseCsvRow(summary.perPatient[0]!)[i]]));
    expect(row).toEqual({
      pseudo_id: 'P-0123456789abcdef',
      arm: 'THALIDOMIDE_DEXAMETHASONE',
      classification: 'IMPROVED',
      not_evaluable_because: null,
      vegf_response: 'COMPLETE',
      vegf_detail: 'VEGF 400 pg/mL (serum RIA) against baseline 3200: normal (< 600)',
      haematologic_response: 'COMPLETE',
      clinical_response: 'IMPROVED',
      clinical_detail: 'ONLS 3 against baseline 5 (-2)',
      follow_up_days: 168,
      haematologic_detail: 'immunofixation negative (baseline positive)',
      vegf_days_since_start: 120,
      haematologic_days_since_start: 90,
      clinical_days_since_start: 168,
    });
  });
});
