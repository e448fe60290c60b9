import { DomainError, type DecidedEvent } from '@poems/kernel';
import { parseOrThrow } from './command-fields';
import type { EventCorrectedData } from './correction-event';
import { CORRECTED_REASON } from './correction-names';
import { applyChanges, correctionEvent, sameValues, stateWithout } from './correction-support';
import { decideRegimenEnd } from './decide-observations';
import { withClinicalOffset, type DecideContext } from './decision-rules';
import type { CorrectEventBody } from './enrolment-commands';
import { correctEnrolment, ENROLMENT_CORRECTABLE_FIELDS } from './enrolment-correction';
import { patientEventSchemas } from './event-registry';
import type { AnyFactKind } from './facts/fact-kind';
import { clinicalTimeOfFact } from './facts/fact-registry';
import type { EnrolmentSummary, PatientState } from './state';
import { findEntry, isCorrectionEventId, type FoundEntry } from './state-queries';
import { endRegimenBodySchema } from './treatment-commands';

export { CORRECTED_REASON } from './correction-names';

const REGIMEN_END_FIELDS = ['endedAt', CORRECTED_REASON] as const;

function correctableFields(found: FoundEntry): ReadonlyArray<string> {
  if (found.type === 'PatientEnrolled') return ENROLMENT_CORRECTABLE_FIELDS;
  if (found.type === 'RegimenEnded') return REGIMEN_END_FIELDS;
  return (found.kind as AnyFactKind).correctableFields(found.entry);
}

function notCorrectable(code: string, message: string, kind: 'validation' | 'not_found', field: string): DomainError {
  return new DomainError(code, message, kind, [field]);
}

/** Parses the merged command body; refuses a correction that leaves every value as it was. */
function reparse<T>(schema: { safeParse(input: unknown): { success: boolean; data?: unknown } }, merged: Record<string, unknown>, original: Record<string, unknown>): T {
  const parsed = parseOrThrow(schema as never, merged, 'INVALID_CORRECTION') as T;
  const before = schema.safeParse(original);
  if (before.success && sameValues(before.data, parsed)) {
    throw new DomainError('CORRECTION_CHANGES_NOTHING', 'The corrected values equal the current ones', 'conflict');
  }
  return parsed;
}

/**
 * Decides the corrected fact exactly as its original command would be, against the other facts:
 * the entry's command body with the changes merged in, parsed by the command's schema and derived
 * again, so every derived field (BSA, protocol dose, cycle, flags) is recomputed.
 */
function redecide(
  found: Exclude<FoundEntry, { type: 'PatientEnrolled' }>,
  patientId: string,
  changes: Record<string, unknown>,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): EventCorrectedData['data'] {
  if (found.type === 'RegimenEnded') {
    const original = { patientId, endedAt: found.entry.endedAt, reason: found.entry.reason };
    return decideRegimenEnd(reparse(endRegimenBodySchema, applyChanges(original, changes), original), enrolment, context).data;
  }
  const kind = found.kind as AnyFactKind;
  const original = kind.commandBody(patientId, found.entry);
  const body = reparse<never>(kind.bodySchema, applyChanges(original, changes), original);
  const data = kind.derive(body, stateWithout(state, found.entry.eventId), enrolment, context);
  return withClinicalOffset(data, clinicalTimeOfFact(kind, data), enrolment);
}

export function decideCorrection(
  cmd: CorrectEventBody,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): DecidedEvent<'EventCorrected', EventCorrectedData> {
  const { type: _type, patientId, correctsEventId, reason, ...named } = cmd;
  const found = findEntry(state, correctsEventId);
  if (!found) {
    if (isCorrectionEventId(state, correctsEventId)) {
      const message = 'Correct the original event again instead of its correction';
      throw notCorrectable('CANNOT_CORRECT_A_CORRECTION', message, 'validation', 'correctsEventId');
    }
    if (state.identityErasure?.eventId === correctsEventId) {
      throw notCorrectable('EVENT_NOT_CORRECTABLE', 'An identity erasure cannot be corrected', 'validation', 'correctsEventId');
    }
    throw notCorrectable('EVENT_NOT_FOUND', `No correctable event ${correctsEventId} for patient ${patientId}`, 'not_found', 'correctsEventId');
  }
  if (Object.keys(named).length === 0) {
    throw new DomainError('NOTHING_TO_CORRECT', 'A correction must name at least one corrected field', 'validation');
  }
  const allowed = correctableFields(found);
  const refused = Object.keys(named).find((field) => !allowed.includes(field));
  if (refused !== undefined) {
    const message = `${refused} cannot be corrected on ${found.type}; correctable: ${allowed.join(', ')}`;
    throw notCorrectable('FIELD_NOT_CORRECTABLE', message, 'validation', refused);
  }

  const { [CORRECTED_REASON]: correctedReason, ...rest } = named;
  const changes: Record<string, unknown> = correctedReason === undefined ? rest : { ...rest, reason: correctedReason };
  const version = patientEventSchemas[found.type].schemaVersion;

  if (found.type === 'PatientEnrolled') {
    return correctionEvent(correctsEventId, 'PatientEnrolled', version, reason, correctEnrolment(changes, state, enrolment), context.now);
  }
  const data = redecide(found, patientId, changes, state, enrolment, context);
  return correctionEvent(correctsEventId, found.type, version, reason, data, context.now);
}
