import { z } from 'zod';
import { clinicalTimeInput, patientIdField } from '../command-fields';
import { assertNotInFuture, assertWithinBaselineWindow } from '../decision-rules';
import { clinicalTimeOffsetField, utcTime } from '../event-fields';
import { defineFact, pickDefined } from './fact-kind';

/**
 * A blood product given (issue 16 item 2). Platelet engraftment counts only platelet counts with
 * no platelet transfusion in the days before (ASTCT, Kharfan-Dabaja 2021), so transfusions are
 * facts of their own, one per product given, at the time it was started. Red cells are recorded
 * too: transfusion dependence is how poor graft function and secondary graft failure show.
 */
export const TRANSFUSION_PRODUCTS = ['PLATELETS', 'RED_CELLS'] as const;

const fields = {
  patientId: patientIdField,
  product: z.enum(TRANSFUSION_PRODUCTS),
  givenAt: clinicalTimeInput,
  /** Units (bags) given; 1 when absent. */
  units: z.number().int().min(1).max(10).optional(),
};
export const recordTransfusionBodySchema = z.strictObject(fields);
export const recordTransfusionSchema = z.strictObject({ type: z.literal('RecordTransfusion'), ...fields });
export const transfusionGivenSchema = z.strictObject({
  product: z.enum(TRANSFUSION_PRODUCTS),
  givenAt: utcTime,
  units: z.number().int().min(1).max(10).optional(),
  ...clinicalTimeOffsetField,
});
export type TransfusionGivenData = z.output<typeof transfusionGivenSchema>;

const CORRECTABLE = ['givenAt', 'units'] as const;

export const transfusionFact = defineFact({
  command: 'RecordTransfusion',
  event: 'TransfusionGiven',
  stateKey: 'transfusions',
  schemaVersion: 1,
  bodySchema: recordTransfusionBodySchema,
  commandSchema: recordTransfusionSchema,
  eventSchema: transfusionGivenSchema,
  timeField: 'givenAt',
  regimenBound: false,
  derive: (body, _state, enrolment, context) => {
    assertNotInFuture(body.givenAt, 'givenAt', context);
    assertWithinBaselineWindow(body.givenAt, 'givenAt', enrolment);
    return { product: body.product, givenAt: body.givenAt, ...(body.units !== undefined && { units: body.units }) };
  },
  correctableFields: () => CORRECTABLE,
  commandBody: (patientId, entry) => ({ patientId, ...pickDefined(entry, ['product', ...CORRECTABLE]) }),
  rest: { path: 'transfusions', summary: 'Record a transfusion (platelets or red cells): platelet engraftment needs 7 days without platelet transfusion' },
  timeline: { section: 'transfusions', present: ({ product, units }) => ({ product, units: units ?? 1 }) },
});
