import { deriveDexamethasoneDose } from '../decide-doses';
import { recordDexamethasoneDoseBodySchema, recordDexamethasoneDoseSchema } from '../treatment-commands';
import { dexamethasoneDoseGivenSchema } from '../treatment-events';
import { defineFact, pickDefined } from './fact-kind';

const FIELDS = ['doseMg', 'givenAt'] as const;

export const dexamethasoneDoseFact = defineFact({
  command: 'RecordDexamethasoneDose',
  event: 'DexamethasoneDoseGiven',
  stateKey: 'dexamethasone',
  schemaVersion: 1,
  bodySchema: recordDexamethasoneDoseBodySchema,
  commandSchema: recordDexamethasoneDoseSchema,
  eventSchema: dexamethasoneDoseGivenSchema,
  timeField: 'givenAt',
  regimenBound: true,
  derive: deriveDexamethasoneDose,
  correctableFields: () => FIELDS,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, FIELDS) }),
  rest: { path: 'dexamethasone-doses', summary: 'Record a dexamethasone dose given, checked against the protocol dose for the BSA' },
  timeline: { section: 'dexamethasone' },
});
