import { type DecidedEvent, DomainError, isBefore } from '@poems/kernel';
import { definedOnly } from '../command-fields';
import { entryValues } from '../entry-values';
import { correctionEvent, sameValues, stateWithout } from '../correction-support';
import { deriveLabResult } from '../decide-observations';
import { withClinicalOffset, type DecideContext } from '../decision-rules';
import { recordLabResultBodySchema, recordLabResultSchema, type RecordLabResult } from '../observation-commands';
import { labResultRecordedSchema } from '../observation-events';
import type { EnrolmentSummary, LabEntry, PatientState } from '../state';
import { defineFact } from './fact-kind';

const LAB_SCHEMA_VERSION = 1;

/** A lab result as the laboratory reported it: reported value, unit and limit, not canonical ones. */
function labCommandBody(patientId: string, lab: LabEntry): Record<string, unknown> {
  const { test, collectedAt, specimen, method, heavyChain, lightChain, accessionId } = lab;
  const common = { patientId, test, collectedAt, specimen, method, heavyChain, lightChain, accessionId };
  if (!('reportedUnit' in lab)) return definedOnly({ ...common, value: lab.reportedValue });
  const upperLimitOfNormal = lab.upperLimitSource === 'RESULT' ? lab.reportedUpperLimitOfNormal : undefined;
  return definedOnly({ ...common, value: lab.reportedValue, unit: lab.reportedUnit, comparator: lab.comparator, upperLimitOfNormal });
}

/**
 * A result with status 'corrected' (HL7 OBX-11 = C) replaces the earlier result of the same test
 * and accession number as a whole: it becomes an EventCorrected, never a second result.
 */
function decideLabResult(cmd: RecordLabResult, state: PatientState, enrolment: EnrolmentSummary, context: DecideContext): DecidedEvent {
  const { type: _type, status, ...body } = cmd;
  if (status !== 'corrected') {
    return { type: 'LabResultRecorded', data: withClinicalOffset(deriveLabResult(body, state, enrolment, context), body.collectedAt, enrolment), occurredAt: body.collectedAt };
  }
  const target = state.labs
    .filter((l) => l.test === body.test && l.accessionId === body.accessionId)
    .reduce<LabEntry | undefined>((latest, l) => (!latest || !isBefore(l.recordedAt, latest.recordedAt) ? l : latest), undefined);
  if (!target) {
    throw new DomainError(
      'CORRECTED_RESULT_NOT_FOUND',
      `No earlier ${body.test} result with accession ${body.accessionId} to correct`,
      'not_found',
      ['accessionId'],
    );
  }
  const data = withClinicalOffset(deriveLabResult(body, stateWithout(state, target.eventId), enrolment, context), body.collectedAt, enrolment);
  const { clinicalTimeOffset: _new, ...newValues } = data;
  const { clinicalTimeOffset: _old, ...oldValues } = entryValues(target);
  if (sameValues(newValues, oldValues)) {
    throw new DomainError('CORRECTION_CHANGES_NOTHING', 'The corrected result equals the recorded one', 'conflict');
  }
  const reason = `Corrected result from the laboratory (accession ${body.accessionId})`;
  return correctionEvent(target.eventId, 'LabResultRecorded', LAB_SCHEMA_VERSION, reason, data, context.now);
}

export const labResultFact = defineFact({
  command: 'RecordLabResult',
  event: 'LabResultRecorded',
  stateKey: 'labs',
  schemaVersion: LAB_SCHEMA_VERSION,
  bodySchema: recordLabResultBodySchema,
  commandSchema: recordLabResultSchema,
  eventSchema: labResultRecordedSchema,
  timeField: 'collectedAt',
  regimenBound: false,
  derive: deriveLabResult,
  decide: decideLabResult,
  correctableFields: () => ['value', 'comparator', 'unit', 'collectedAt', 'specimen', 'method', 'upperLimitOfNormal', 'heavyChain', 'lightChain', 'accessionId'],
  commandBody: (patientId, entry) => labCommandBody(patientId, entry as LabEntry),
  rest: {
    path: 'lab-results',
    summary: 'Record a lab result (VEGF, M-protein, counts…); status "corrected" supersedes the earlier result with the same accession',
  },
  timeline: { section: 'labs' },
});
