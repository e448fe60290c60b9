import { assertNever, DomainError, type DecidedEvent } from '@poems/kernel';
import type { z } from 'zod';
import { recordAssessmentBodySchema } from './assessments';
import { commandBodyOf } from './command-bodies';
import { parseOrThrow } from './command-fields';
import type { EventCorrectedData } from './correction-event';
import { applyChanges, correctionEvent, sameValues, stateWithout } from './correction-support';
import { decideDexamethasoneDose, decideThalidomideDose } from './decide-doses';
import { decideTransplantMilestone } from './decide-milestones';
import { decideAdverseEvent, decideAssessment, decideBodyMeasurement, decideRegimenEnd, deriveLabResult } from './decide-observations';
import type { DecideContext } from './decision-rules';
import type { CorrectEventBody } from './enrolment-commands';
import { correctEnrolment, ENROLMENT_CORRECTABLE_FIELDS } from './enrolment-correction';
import { recordAdverseEventBodySchema, recordLabResultBodySchema } from './observation-commands';
import type { EnrolmentSummary, PatientState } from './state';
import { findEntry, isCorrectionEventId, type FoundEntry } from './state-queries';
import {
  changeThalidomideDoseBodySchema,
  endRegimenBodySchema,
  recordBodyMeasurementBodySchema,
  recordDexamethasoneDoseBodySchema,
  recordTransplantMilestoneBodySchema,
} from './treatment-commands';

type ListEntry = Exclude<FoundEntry, { type: 'PatientEnrolled' | 'AssessmentRecorded' }>;

/**
 * `reason` on a CorrectEvent is the reason for the correction, so an original event's own `reason`
 * field (a dose change's or a regimen end's) is corrected under this name.
 */
export const CORRECTED_REASON = 'correctedReason';

/** Fields a correction may change, named as in the original command. The rest identify the fact. */
const CORRECTABLE_FIELDS: Readonly<Record<ListEntry['type'], ReadonlyArray<string>>> = {
  BodyMeasured: ['heightCm', 'weightKg', 'measuredAt'],
  ThalidomideDoseChanged: ['mgPerDay', 'effectiveAt', CORRECTED_REASON],
  DexamethasoneDoseGiven: ['doseMg', 'givenAt'],
  TransplantMilestoneRecorded: ['occurredAt', 'cyclophosphamideMg', 'cd34PerKg', 'melphalanMg'],
  LabResultRecorded: ['value', 'unit', 'collectedAt', 'specimen', 'method', 'upperLimitOfNormal', 'heavyChain', 'lightChain', 'accessionId'],
  AdverseEventRecorded: ['term', 'grade', 'onsetAt'],
  RegimenEnded: ['endedAt', CORRECTED_REASON],
};

function correctableFields(found: FoundEntry): ReadonlyArray<string> {
  switch (found.type) {
    case 'PatientEnrolled':
      return ENROLMENT_CORRECTABLE_FIELDS;
    case 'AssessmentRecorded': {
      const option = recordAssessmentBodySchema.options.find((o) => o.shape.kind.value === found.entry.kind);
      return Object.keys(option?.shape ?? {}).filter((f) => f !== 'kind' && f !== 'patientId');
    }
    default:
      return CORRECTABLE_FIELDS[found.type];
  }
}

function notCorrectable(code: string, message: string, kind: 'validation' | 'not_found', field: string): DomainError {
  return new DomainError(code, message, kind, [field]);
}

/** Parses the merged command; refuses a correction that leaves every value as it was. */
function reparse<S extends z.ZodType>(schema: S, merged: Record<string, unknown>, original: Record<string, unknown>): z.output<S> {
  const parsed = parseOrThrow(schema, merged, 'INVALID_CORRECTION');
  const before = schema.safeParse(original);
  if (before.success && sameValues(before.data, parsed)) {
    throw new DomainError('CORRECTION_CHANGES_NOTHING', 'The corrected values equal the current ones', 'conflict');
  }
  return parsed;
}

/** Decides the corrected fact exactly as its original command would be, against the other facts. */
function redecide(
  found: Exclude<FoundEntry, { type: 'PatientEnrolled' }>,
  merged: Record<string, unknown>,
  original: Record<string, unknown>,
  others: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): EventCorrectedData['data'] {
  switch (found.type) {
    case 'BodyMeasured':
      return decideBodyMeasurement(reparse(recordBodyMeasurementBodySchema, merged, original), enrolment, context).data;
    case 'ThalidomideDoseChanged':
      return decideThalidomideDose(reparse(changeThalidomideDoseBodySchema, merged, original), others, enrolment, context).data;
    case 'DexamethasoneDoseGiven':
      return decideDexamethasoneDose(reparse(recordDexamethasoneDoseBodySchema, merged, original), others, enrolment, context).data;
    case 'TransplantMilestoneRecorded':
      return decideTransplantMilestone(reparse(recordTransplantMilestoneBodySchema, merged, original), others, enrolment, context).data;
    case 'LabResultRecorded':
      return deriveLabResult(reparse(recordLabResultBodySchema, merged, original), others, enrolment, context);
    case 'AssessmentRecorded':
      return decideAssessment(reparse(recordAssessmentBodySchema, merged, original), enrolment, context).data;
    case 'AdverseEventRecorded':
      return decideAdverseEvent(reparse(recordAdverseEventBodySchema, merged, original), enrolment, context).data;
    case 'RegimenEnded':
      return decideRegimenEnd(reparse(endRegimenBodySchema, merged, original), enrolment, context).data;
    default:
      return assertNever(found, 'entry');
  }
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

  if (found.type === 'PatientEnrolled') {
    return correctionEvent(correctsEventId, 'PatientEnrolled', reason, correctEnrolment(changes, state, enrolment), context.now);
  }
  const original = commandBodyOf(patientId, found);
  const data = redecide(found, applyChanges(original, changes), original, stateWithout(state, correctsEventId), enrolment, context);
  return correctionEvent(correctsEventId, found.type, reason, data, context.now);
}
