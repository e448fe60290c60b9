import { deriveAdverseEvent } from '../decide-observations';
import { recordAdverseEventBodySchema, recordAdverseEventSchema } from '../observation-commands';
import { adverseEventRecordedSchema } from '../observation-events';
import { defineFact, pickDefined } from './fact-kind';

const FIELDS = ['term', 'grade', 'onsetAt', 'resolvedAt', 'attribution', 'actionTaken'] as const;

export const adverseEventFact = defineFact({
  command: 'RecordAdverseEvent',
  event: 'AdverseEventRecorded',
  stateKey: 'adverseEvents',
  schemaVersion: 1,
  bodySchema: recordAdverseEventBodySchema,
  commandSchema: recordAdverseEventSchema,
  eventSchema: adverseEventRecordedSchema,
  timeField: 'onsetAt',
  regimenBound: false,
  derive: (body, _state, enrolment, context) => deriveAdverseEvent(body, enrolment, context),
  correctableFields: () => FIELDS,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, FIELDS) }),
  rest: { path: 'adverse-events', summary: 'Record an adverse event (CTCAE grade), with its resolution, attribution and the action taken when known' },
  timeline: { section: 'adverseEvents' },
});
