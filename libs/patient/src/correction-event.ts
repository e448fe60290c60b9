import { z } from 'zod';
import { assessmentRecordedSchema } from './assessments';
import { patientEnrolledSchema } from './enrolment-events';
import { adverseEventRecordedSchema, labResultRecordedSchema } from './observation-events';
import {
  bodyMeasuredSchema,
  dexamethasoneDoseGivenSchema,
  regimenEndedSchema,
  thalidomideDoseChangedSchema,
  transplantMilestoneRecordedSchema,
} from './treatment-events';

/** Event types a CorrectEvent may supersede, with their data schemas. */
export const correctableEventSchemas = {
  PatientEnrolled: patientEnrolledSchema,
  BodyMeasured: bodyMeasuredSchema,
  ThalidomideDoseChanged: thalidomideDoseChangedSchema,
  DexamethasoneDoseGiven: dexamethasoneDoseGivenSchema,
  TransplantMilestoneRecorded: transplantMilestoneRecordedSchema,
  LabResultRecorded: labResultRecordedSchema,
  AssessmentRecorded: assessmentRecordedSchema,
  AdverseEventRecorded: adverseEventRecordedSchema,
  RegimenEnded: regimenEndedSchema,
} as const;
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

export const eventCorrectedSchema = z.discriminatedUnion('correctedType', [
  correctionOf('PatientEnrolled'),
  correctionOf('BodyMeasured'),
  correctionOf('ThalidomideDoseChanged'),
  correctionOf('DexamethasoneDoseGiven'),
  correctionOf('TransplantMilestoneRecorded'),
  correctionOf('LabResultRecorded'),
  correctionOf('AssessmentRecorded'),
  correctionOf('AdverseEventRecorded'),
  correctionOf('RegimenEnded'),
]);
export type EventCorrectedData = z.output<typeof eventCorrectedSchema>;
