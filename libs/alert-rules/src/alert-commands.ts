import { z } from 'zod';
import type { AlertFinding } from './alert-finding';
import {
  ACKNOWLEDGEMENT_REASON_MAX,
  acknowledgementOutcomeSchema,
  alertActorSchema,
  alertRaisedSchema,
  resolutionReasonSchema,
} from './alert-events';

/**
 * POST /v1/alerts/{id}/acknowledge: the public body (field names are part of the API). A reason
 * is required when overridden; the decider says so with REASON_REQUIRED, so that one coded error
 * covers every caller. Blank reasons count as missing.
 */
export const acknowledgeAlertBodySchema = z.strictObject({
  outcome: acknowledgementOutcomeSchema,
  reason: z.string().trim().max(ACKNOWLEDGEMENT_REASON_MAX).optional(),
});
export type AcknowledgeAlertBody = z.output<typeof acknowledgeAlertBodySchema>;

const { raisedAt: _raisedAt, ...raisedFields } = alertRaisedSchema.shape;

/** Raises the alert of one finding; `raisedAt` is the context's `now`. */
export const raiseAlertSchema = z.strictObject({ type: z.literal('RaiseAlert'), ...raisedFields });
export type RaiseAlert = z.output<typeof raiseAlertSchema>;

/** The RaiseAlert of a finding; the alert id is the infrastructure's hash of `alertIdentityKey`. */
export function raiseAlertCommand(
  finding: AlertFinding & { readonly generation?: number },
  alert: { alertId: string; patientId: string; careTeam: string },
): RaiseAlert {
  const { rule, severity, episodeKey, clinicalTime, summary, evidence, generation } = finding;
  const raise: RaiseAlert = { type: 'RaiseAlert', ...alert, rule, severity, episodeKey, clinicalTime, summary, evidence: [...evidence] };
  return generation !== undefined && generation > 0 ? { ...raise, generation } : raise;
}

export const acknowledgeAlertSchema = acknowledgeAlertBodySchema.extend({
  type: z.literal('AcknowledgeAlert'),
  alertId: z.uuid(),
  by: alertActorSchema,
});
export type AcknowledgeAlert = z.output<typeof acknowledgeAlertSchema>;

/** The engine decides when; the level and the unacknowledged time follow from the stream. */
export const escalateAlertSchema = z.strictObject({ type: z.literal('EscalateAlert'), alertId: z.uuid() });
export type EscalateAlert = z.output<typeof escalateAlertSchema>;

export const resolveAlertSchema = z.strictObject({
  type: z.literal('ResolveAlert'),
  alertId: z.uuid(),
  reason: resolutionReasonSchema,
  detail: z.string().trim().min(1).max(500),
  clinicalTime: z.iso.datetime().optional(),
  correctionEventId: z.string().min(1).optional(),
});
export type ResolveAlert = z.output<typeof resolveAlertSchema>;

export const alertCommandSchema = z.discriminatedUnion('type', [
  raiseAlertSchema,
  acknowledgeAlertSchema,
  escalateAlertSchema,
  resolveAlertSchema,
]);
export type AlertCommand = z.output<typeof alertCommandSchema>;
export type AlertCommandInput = z.input<typeof alertCommandSchema>;
