import { z } from 'zod';
import {
  correctEventBodySchema,
  correctEventSchema,
  enrollPatientBodySchema,
  enrollPatientSchema,
  erasePatientIdentityBodySchema,
  erasePatientIdentitySchema,
} from './enrolment-commands';
import { recordAssessmentBodySchema, recordAssessmentSchema } from './assessments';
import {
  recordAdverseEventBodySchema,
  recordAdverseEventSchema,
  recordLabResultBodySchema,
  recordLabResultSchema,
} from './observation-commands';
import {
  changeThalidomideDoseBodySchema,
  changeThalidomideDoseSchema,
  endRegimenBodySchema,
  endRegimenSchema,
  recordBodyMeasurementBodySchema,
  recordBodyMeasurementSchema,
  recordDexamethasoneDoseBodySchema,
  recordDexamethasoneDoseSchema,
  recordTransplantMilestoneBodySchema,
  recordTransplantMilestoneSchema,
} from './treatment-commands';

/** Every patient command, discriminated by `type` (one NDJSON import line each). */
export const commandSchema = z.discriminatedUnion('type', [
  enrollPatientSchema,
  recordBodyMeasurementSchema,
  changeThalidomideDoseSchema,
  recordDexamethasoneDoseSchema,
  recordTransplantMilestoneSchema,
  recordLabResultSchema,
  recordAssessmentSchema,
  recordAdverseEventSchema,
  endRegimenSchema,
  correctEventSchema,
  erasePatientIdentitySchema,
]);
export type PatientCommand = z.output<typeof commandSchema>;
export type PatientCommandInput = z.input<typeof commandSchema>;
export type PatientCommandType = PatientCommand['type'];

/** The same commands without `type`, as REST bodies (patientId may be filled from the URL). */
export const commandBodySchemas = {
  EnrollPatient: enrollPatientBodySchema,
  RecordBodyMeasurement: recordBodyMeasurementBodySchema,
  ChangeThalidomideDose: changeThalidomideDoseBodySchema,
  RecordDexamethasoneDose: recordDexamethasoneDoseBodySchema,
  RecordTransplantMilestone: recordTransplantMilestoneBodySchema,
  RecordLabResult: recordLabResultBodySchema,
  RecordAssessment: recordAssessmentBodySchema,
  RecordAdverseEvent: recordAdverseEventBodySchema,
  EndRegimen: endRegimenBodySchema,
  CorrectEvent: correctEventBodySchema,
  ErasePatientIdentity: erasePatientIdentityBodySchema,
} as const satisfies Record<PatientCommandType, z.ZodType>;

export const PATIENT_COMMAND_TYPES = Object.keys(commandBodySchemas) as PatientCommandType[];
