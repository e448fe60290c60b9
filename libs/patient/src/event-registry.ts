import { type DecidedEvent, type RecordedEvent, upcast, type Upcaster } from '@poems/kernel';
import { z } from 'zod';
import { eventCorrectedSchema } from './correction-event';
import { patientEnrolledSchema, patientIdentityErasedSchema } from './enrolment-events';
import { FACT_KINDS, type Fact, type FactEventType, isFactEventType } from './facts/fact-registry';
import { regimenEndedSchema } from './treatment-events';

type FactEventRegistry = { readonly [F in Fact as F['event']]: { readonly schemaVersion: number; readonly schema: F['eventSchema'] } };

/** Each event type with the schema version decided events are written at (facts: from their descriptors). */
export const patientEventSchemas = {
  PatientEnrolled: { schemaVersion: 1, schema: patientEnrolledSchema },
  ...(Object.fromEntries(FACT_KINDS.map((kind) => [kind.event, { schemaVersion: kind.schemaVersion, schema: kind.eventSchema }])) as unknown as FactEventRegistry),
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
 * Upcasters by type and the version they upgrade from (n → n + 1): a fact's come from its
 * descriptor (`upcasters`), the others are listed here. None yet: every type is at version 1.
 * When a schema changes, bump its version and add the step.
 */
const UPCASTERS: { readonly [T in PatientEventType]?: Readonly<Record<number, Upcaster>> } = Object.fromEntries(
  FACT_KINDS.filter((kind) => kind.upcasters).map((kind) => [kind.event, kind.upcasters]),
);

export type FactRecordedEvent = Extract<PatientRecordedEvent, { type: FactEventType }>;

/** A stored event recording a clinical fact (dose, lab, assessment…), as opposed to enrolment, end, corrections, erasure. */
export function isFactEvent(event: PatientRecordedEvent): event is FactRecordedEvent {
  return isFactEventType(event.type);
}

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

export { patientStreamId } from '@poems/kernel';
