import { z } from 'zod';
import { clinicalTimeInput, patientIdField } from '../command-fields';
import { assertNotBeforeEnrolment, assertNotInFuture } from '../decision-rules';
import { clinicalTimeOffsetField, utcTime } from '../event-fields';
import { defineFact, pickDefined } from './fact-kind';

/**
 * A thalidomide dispensing (issue 12, TERMS / REMS): how much was handed out and for how many days.
 * Always recorded, even when it breaks the programme's limits: THALIDOMIDE_SUPPLY_EXCEEDED says so,
 * because a dispensing that happened is a fact the record must hold.
 */
const fields = {
  patientId: patientIdField,
  mgPerDay: z.number().gt(0).max(400),
  /** Days of treatment the supply covers. */
  daysSupply: z.number().int().min(1).max(365),
  dispensedAt: clinicalTimeInput,
};
export const dispenseThalidomideBodySchema = z.strictObject(fields);
export const dispenseThalidomideSchema = z.strictObject({ type: z.literal('DispenseThalidomide'), ...fields });
export const thalidomideDispensedSchema = z.strictObject({
  mgPerDay: z.number().gt(0),
  daysSupply: z.number().int().min(1),
  dispensedAt: utcTime,
  ...clinicalTimeOffsetField,
});
export type ThalidomideDispensedData = z.output<typeof thalidomideDispensedSchema>;

const CORRECTABLE = ['mgPerDay', 'daysSupply', 'dispensedAt'] as const;

export const thalidomideDispensingFact = defineFact({
  command: 'DispenseThalidomide',
  event: 'ThalidomideDispensed',
  stateKey: 'thalidomideDispensing',
  schemaVersion: 1,
  bodySchema: dispenseThalidomideBodySchema,
  commandSchema: dispenseThalidomideSchema,
  eventSchema: thalidomideDispensedSchema,
  timeField: 'dispensedAt',
  regimenBound: true,
  derive: (body, _state, enrolment, context) => {
    assertNotInFuture(body.dispensedAt, 'dispensedAt', context);
    assertNotBeforeEnrolment(body.dispensedAt, 'dispensedAt', enrolment);
    return { mgPerDay: body.mgPerDay, daysSupply: body.daysSupply, dispensedAt: body.dispensedAt };
  },
  correctableFields: () => CORRECTABLE,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, CORRECTABLE) }),
  rest: { path: 'thalidomide-dispensings', summary: 'Record a thalidomide dispensing (mg/day and days of supply; TERMS / REMS allow at most 28 days)' },
  timeline: { section: 'thalidomideDispensing', present: ({ mgPerDay, daysSupply }) => ({ mgPerDay, daysSupply }) },
});
