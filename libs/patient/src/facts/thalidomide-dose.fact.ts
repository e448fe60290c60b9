import { CORRECTED_REASON } from '../correction-names';
import { deriveThalidomideDose } from '../decide-doses';
import { changeThalidomideDoseBodySchema, changeThalidomideDoseSchema } from '../treatment-commands';
import { thalidomideDoseChangedSchema } from '../treatment-events';
import { defineFact, pickDefined } from './fact-kind';

export const thalidomideDoseFact = defineFact({
  command: 'ChangeThalidomideDose',
  event: 'ThalidomideDoseChanged',
  stateKey: 'thalidomide',
  schemaVersion: 1,
  bodySchema: changeThalidomideDoseBodySchema,
  commandSchema: changeThalidomideDoseSchema,
  eventSchema: thalidomideDoseChangedSchema,
  timeField: 'effectiveAt',
  regimenBound: true,
  derive: deriveThalidomideDose,
  correctableFields: () => ['mgPerDay', 'effectiveAt', CORRECTED_REASON],
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, ['mgPerDay', 'effectiveAt', 'reason']) }),
  rest: { path: 'thalidomide-doses', summary: 'Start, escalate, reduce or interrupt thalidomide (mg/day)' },
  timeline: { section: 'thalidomide' },
});
