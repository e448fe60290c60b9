import { deriveBodyMeasurement } from '../decide-observations';
import { bodyMeasuredSchema } from '../treatment-events';
import { recordBodyMeasurementBodySchema, recordBodyMeasurementSchema } from '../treatment-commands';
import { defineFact, pickDefined } from './fact-kind';

const FIELDS = ['heightCm', 'weightKg', 'measuredAt'] as const;

export const bodyMeasurementFact = defineFact({
  command: 'RecordBodyMeasurement',
  event: 'BodyMeasured',
  stateKey: 'bodyMeasurements',
  schemaVersion: 1,
  bodySchema: recordBodyMeasurementBodySchema,
  commandSchema: recordBodyMeasurementSchema,
  eventSchema: bodyMeasuredSchema,
  timeField: 'measuredAt',
  regimenBound: false,
  derive: (body, _state, enrolment, context) => deriveBodyMeasurement(body, enrolment, context),
  correctableFields: () => FIELDS,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, FIELDS) }),
  // The list also holds the enrolment's height and weight (source ENROLMENT), which only a
  // correction of the enrolment changes.
  entryExtra: { source: 'MEASUREMENT' } as { readonly source: 'ENROLMENT' | 'MEASUREMENT' },
  ownsEntry: (entry) => entry.source === 'MEASUREMENT',
  rest: { path: 'body-measurements', summary: 'Record height and weight (the BSA used for later doses)' },
  timeline: { section: 'bodyMeasurements' },
});
