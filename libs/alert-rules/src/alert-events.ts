import { type DecidedEvent, type RecordedEvent, upcast, type Upcaster } from '@poems/kernel';
import { careTeamSchema } from '@poems/patient';
import { z } from 'zod';
import { alertRuleCodeSchema, severitySchema } from './alert-finding';

const utcTime = z.iso.datetime();
export const ACKNOWLEDGEMENT_REASON_MAX = 500;

export const ACKNOWLEDGEMENT_OUTCOMES = ['accepted', 'overridden'] as const;
export const acknowledgementOutcomeSchema = z.enum(ACKNOWLEDGEMENT_OUTCOMES);
export type AcknowledgementOutcome = z.output<typeof acknowledgementOutcomeSchema>;

export const RESOLUTION_REASONS = ['CONDITION_CLEARED', 'NO_LONGER_SUPPORTED', 'PATIENT_REGIMEN_ENDED'] as const;
export const resolutionReasonSchema = z.enum(RESOLUTION_REASONS);
export type ResolutionReason = z.output<typeof resolutionReasonSchema>;

export const alertActorSchema = z.strictObject({ userId: z.string().min(1).max(200), role: z.string().min(1).max(64) });
export type AlertActor = z.output<typeof alertActorSchema>;

export const alertRaisedSchema = z.strictObject({
  alertId: z.uuid(),
  patientId: z.uuid(),
  careTeam: careTeamSchema,
  rule: alertRuleCodeSchema,
  severity: severitySchema,
  episodeKey: z.string().min(1).max(200),
  /** The clinical time the alert refers to. */
  clinicalTime: utcTime,
  summary: z.string().min(1).max(200),
  /** Ids of the patient events that caused it. */
  evidence: z.array(z.string().min(1)),
  raisedAt: utcTime,
  /** Absent for an episode's first alert; 1, 2… when a correction brought a resolved episode back. */
  generation: z.number().int().min(1).optional(),
});
export type AlertRaisedData = z.output<typeof alertRaisedSchema>;

export const alertAcknowledgedSchema = z.strictObject({
  by: alertActorSchema,
  outcome: acknowledgementOutcomeSchema,
  /** Required when overridden. */
  reason: z.string().min(1).max(ACKNOWLEDGEMENT_REASON_MAX).optional(),
  acknowledgedAt: utcTime,
});
export type AlertAcknowledgedData = z.output<typeof alertAcknowledgedSchema>;

export const alertEscalatedSchema = z.strictObject({
  escalatedAt: utcTime,
  /** From raisedAt to escalatedAt. */
  unacknowledgedForMs: z.number().int().nonnegative(),
  /** 1 for the first escalation, 2 for the next, … */
  level: z.number().int().min(1),
});
export type AlertEscalatedData = z.output<typeof alertEscalatedSchema>;

export const alertResolvedSchema = z.strictObject({
  resolvedAt: utcTime,
  reason: resolutionReasonSchema,
  detail: z.string().min(1).max(500),
  /** The clinical time the condition cleared, when it did. */
  clinicalTime: utcTime.optional(),
  /** NO_LONGER_SUPPORTED because of this correction (the EventCorrected's id). */
  correctionEventId: z.string().min(1).optional(),
});
export type AlertResolvedData = z.output<typeof alertResolvedSchema>;

/** Each alert event type with the schema version decided events are written at. */
export const alertEventSchemas = {
  AlertRaised: { schemaVersion: 1, schema: alertRaisedSchema },
  AlertAcknowledged: { schemaVersion: 1, schema: alertAcknowledgedSchema },
  AlertEscalated: { schemaVersion: 1, schema: alertEscalatedSchema },
  AlertResolved: { schemaVersion: 1, schema: alertResolvedSchema },
} as const satisfies Record<string, { schemaVersion: number; schema: z.ZodType }>;

type Registry = typeof alertEventSchemas;
export type AlertEventType = keyof Registry;
export const ALERT_EVENT_TYPES = Object.keys(alertEventSchemas) as AlertEventType[];
export type AlertEventData<T extends AlertEventType> = z.output<Registry[T]['schema']>;

export type AlertEvent = { [T in AlertEventType]: { readonly type: T; readonly data: AlertEventData<T> } }[AlertEventType];
export type AlertDecidedEvent = { [T in AlertEventType]: DecidedEvent<T, AlertEventData<T>> }[AlertEventType];
export type AlertRecordedEvent = { [T in AlertEventType]: RecordedEvent<T, AlertEventData<T>> }[AlertEventType];

/** Upcasters by type and the version they upgrade from (n → n + 1). None yet: every type is at 1. */
const UPCASTERS: { readonly [T in AlertEventType]?: Readonly<Record<number, Upcaster>> } = {};

export function isAlertEventType(type: string): type is AlertEventType {
  return Object.prototype.hasOwnProperty.call(alertEventSchemas, type);
}

/**
 * Reads a stored alert event: upcasts it to the current schema version, then parses it. Throws a
 * plain Error: a stored event that does not parse is a fault, not a user mistake.
 */
export function parseAlertEvent(type: string, schemaVersion: number, data: unknown): AlertEvent {
  if (!isAlertEventType(type)) throw new Error(`Unknown alert event type: ${type}`);
  const upgraded = upcast(type, schemaVersion, alertEventSchemas[type].schemaVersion, data, UPCASTERS[type]);
  const parsed = alertEventSchemas[type].schema.safeParse(upgraded);
  if (!parsed.success) {
    throw new Error(`Stored ${type} v${schemaVersion} does not match its schema: ${z.prettifyError(parsed.error)}`);
  }
  return { type, data: parsed.data } as AlertEvent;
}
