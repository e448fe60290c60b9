import { type DecidedEvent, type RecordedEvent, upcast, type Upcaster } from '@poems/kernel';
import { z } from 'zod';
import { assessmentRecordedSchema } from './assessments';
import { eventCorrectedSchema } from './correction-event';
import { patientEnrolledSchema, patientIdentityErasedSchema } from './enrolment-events';
import { adverseEventRecordedSchema, labResultRecordedSchema } from './observation-events';
import {
  bodyMeasuredSchema,
  dexamethasoneDoseGivenSchema,
  regimenEndedSchema,
  thalidomideDoseChangedSchema,
  transplantMilestoneRecordedSchema,
} from './treatment-events';

/** Each event type with the schema version decided events are written at. */
export const patientEventSchemas = {
  PatientEnrolled: { schemaVersion: 1, schema: patientEnrolledSchema },
  BodyMeasured: { schemaVersion: 1, schema: bodyMeasuredSchema },
  ThalidomideDoseChanged: { schemaVersion: 1, schema: thalidomideDoseChangedSchema },
  DexamethasoneDoseGiven: { schemaVersion: 1, schema: dexamethasoneDoseGivenSchema },
  TransplantMilestoneRecorded: { schemaVersion: 1, schema: transplantMilestoneRecordedSchema },
  LabResultRecorded: { schemaVersion: 1, schema: labResultRecordedSchema },
  AssessmentRecorded: { schemaVersion: 1, schema: assessmentRecordedSchema },
  AdverseEventRecorded: { schemaVersion: 1, schema: adverseEventRecordedSchema },
  RegimenEnded: { schemaVersion: 1, schema: regimenEndedSchema },
  EventCorrected: { schemaVersion: 1, schema: eventCorrectedSchema },
  PatientIdentityErased: { schemaVersion: 1, schema: patientIdentityErasedSchema },
} as const satisfies Record<string, { schemaVersion: number; schema: z.ZodType }>;

type Registry = typeof patientEventSchemas;
export type PatientEventType = keyof Registry;
export const PATIENT_EVENT_TYPES = Object.keys(patientEventSchemas) as PatientEventType[];
export type PatientEventData<T extends PatientEventType> = z.output<Registry[T]['schema']>;

export type PatientEvent = { [T in PatientEventType]: { readonly type: T; readonly data: PatientEventData<T> } }[PatientEventType];
export type PatientDecidedEvent = { [T in PatientEventType]: DecidedEvent<T, PatientEventData<T>> }[PatientEventType];
export type PatientRecordedEvent = { [T in PatientEventType]: RecordedEvent<T, PatientEventData<T>> }[PatientEventType];

/**
 * Upcasters by type and the version they upgrade from (n → n + 1). None yet: every type is at
 * version 1. When a schema changes, bump its version above and add the step here.
 */
const UPCASTERS: { readonly [T in PatientEventType]?: Readonly<Record<number, Upcaster>> } = {};

export function isPatientEventType(type: string): type is PatientEventType {
  return Object.prototype.hasOwnProperty.call(patientEventSchemas, type);
}

function upcastPatient(type: PatientEventType, fromVersion: number, data: unknown): unknown {
  return upcast(type, fromVersion, patientEventSchemas[type].schemaVersion, data, UPCASTERS[type]);
}

/**
 * Reads a stored event: upcasts it to the current schema version, then parses it. Throws a plain
 * Error (not a DomainError): a stored event that does not parse is a fault, not a user mistake.
 */
export function parsePatientEvent(type: string, schemaVersion: number, data: unknown): PatientEvent {
  if (!isPatientEventType(type)) throw new Error(`Unknown patient event type: ${type}`);
  let upgraded = upcastPatient(type, schemaVersion, data);
  if (type === 'EventCorrected' && upgraded !== null && typeof upgraded === 'object') {
    const outer = upgraded as { correctedType?: unknown; correctedSchemaVersion?: unknown; data?: unknown };
    if (typeof outer.correctedType === 'string' && isPatientEventType(outer.correctedType) && typeof outer.correctedSchemaVersion === 'number') {
      const inner = upcastPatient(outer.correctedType, outer.correctedSchemaVersion, outer.data);
      upgraded = { ...outer, correctedSchemaVersion: patientEventSchemas[outer.correctedType].schemaVersion, data: inner };
    }
  }
  const parsed = patientEventSchemas[type].schema.safeParse(upgraded);
  if (!parsed.success) {
    throw new Error(`Stored ${type} v${schemaVersion} does not match its schema: ${z.prettifyError(parsed.error)}`);
  }
  return { type, data: parsed.data } as PatientEvent;
}

export function patientStreamId(patientId: string): string {
  return `patient-${patientId}`;
}
