import { z } from 'zod';
import { patientEnrolledSchema } from './enrolment-events';
import type { AnyFactKind } from './facts/fact-kind';
import { FACT_KINDS, type Fact, type FactEventType, type FactKinds } from './facts/fact-registry';
import { regimenEndedSchema } from './treatment-events';

type FactEventSchemas = { readonly [F in Fact as F['event']]: F['eventSchema'] };

/** Event types a CorrectEvent may supersede, with their data schemas: every fact, the enrolment and the regimen's end. */
export const correctableEventSchemas = {
  PatientEnrolled: patientEnrolledSchema,
  RegimenEnded: regimenEndedSchema,
  ...(Object.fromEntries(FACT_KINDS.map((kind) => [kind.event, kind.eventSchema])) as unknown as FactEventSchemas),
};
export type CorrectableEventType = keyof typeof correctableEventSchemas;
export const CORRECTABLE_EVENT_TYPES = Object.keys(correctableEventSchemas) as CorrectableEventType[];
export type CorrectableEventData<T extends CorrectableEventType> = z.output<(typeof correctableEventSchemas)[T]>;

function correctionOf<T extends CorrectableEventType>(type: T) {
  return z.strictObject({
    correctsEventId: z.string().min(1),
    correctedType: z.literal(type),
    /** Schema version of `data`, so that old corrections can be upcast with their type. */
    correctedSchemaVersion: z.number().int().min(1),
    reason: z.string().min(1),
    /** The complete corrected data of the original event, as that type's schema defines it. */
    data: correctableEventSchemas[type] as (typeof correctableEventSchemas)[T],
  });
}
type CorrectionSchema<T extends CorrectableEventType> = ReturnType<typeof correctionOf<T>>;
type CorrectionSchemasOf<T extends ReadonlyArray<AnyFactKind>> = {
  [I in keyof T]: T[I] extends AnyFactKind ? (T[I]['event'] extends CorrectableEventType ? CorrectionSchema<T[I]['event']> : never) : never;
};
type FactCorrectionSchemas = CorrectionSchemasOf<FactKinds>;

export const eventCorrectedSchema = z.discriminatedUnion('correctedType', [
  correctionOf('PatientEnrolled'),
  correctionOf('RegimenEnded'),
  ...(FACT_KINDS.map((kind) => correctionOf(kind.event)) as unknown as FactCorrectionSchemas),
]);
export type EventCorrectedData = z.output<typeof eventCorrectedSchema>;
export type FactCorrectionData = Extract<EventCorrectedData, { correctedType: FactEventType }>;

export function isFactCorrection(data: EventCorrectedData): data is FactCorrectionData {
  return data.correctedType !== 'PatientEnrolled' && data.correctedType !== 'RegimenEnded';
}
