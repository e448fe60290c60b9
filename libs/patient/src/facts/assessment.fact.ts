import { assessmentRecordedSchema, recordAssessmentBodySchema, recordAssessmentSchema } from '../assessments';
import { deriveAssessment } from '../decide-observations';
import { defineFact } from './fact-kind';

/** Every field of the entry's own kind (ONLS scores, nerve conduction values…) but the kind itself. */
function fieldsOfKind(kind: string): string[] {
  const option = recordAssessmentBodySchema.options.find((o) => o.shape.kind.value === kind);
  return Object.keys(option?.shape ?? {}).filter((field) => field !== 'kind' && field !== 'patientId');
}

export const assessmentFact = defineFact({
  command: 'RecordAssessment',
  event: 'AssessmentRecorded',
  stateKey: 'assessments',
  schemaVersion: 1,
  bodySchema: recordAssessmentBodySchema,
  commandSchema: recordAssessmentSchema,
  eventSchema: assessmentRecordedSchema,
  timeField: 'assessedAt',
  regimenBound: false,
  derive: (body, _state, enrolment, context) => deriveAssessment(body, enrolment, context),
  correctableFields: (entry) => fieldsOfKind(entry.kind),
  commandBody: (patientId, entry) => {
    const { eventId: _e, recordedAt: _r, correctedBy: _c, original: _o, clinicalTimeOffset: _offset, ...values } = entry;
    return { patientId, ...values };
  },
  rest: { path: 'assessments', summary: 'Record an assessment: ONLS, nerve conduction, CT effusions, oedema or vitals' },
  timeline: { section: 'assessments' },
});
