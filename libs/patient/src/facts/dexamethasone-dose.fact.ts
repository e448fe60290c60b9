import { deriveDexamethasoneDose } from '../decide-doses';
import { recordDexamethasoneDoseBodySchema, recordDexamethasoneDoseSchema } from '../treatment-commands';
import { dexamethasoneDoseGivenSchema } from '../treatment-events';
import { defineFact, pickDefined } from './fact-kind';

const FIELDS = ['doseMg', 'givenAt', 'indication'] as const;

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
  rest: { path: 'dexamethasone-doses', summary: 'Record a dexamethasone dose given: a regimen dose (the default) is checked against the protocol dose and cycle; indication SUPPORTIVE records an antiemetic or other supportive dose' },
  timeline: { section: 'dexamethasone' },
});
