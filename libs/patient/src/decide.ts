import { assertNever, DomainError, isBefore } from '@poems/kernel';
import { commandSchema, type PatientCommandInput } from './command-schema';
import { parseOrThrow } from './command-fields';
import { entryValues } from './correction-fold';
import { correctionEvent, sameValues, stateWithout } from './correction-support';
import { decideCorrection } from './decide-correction';
import { decideDexamethasoneDose, decideThalidomideDose } from './decide-doses';
import { decideEnrolment } from './decide-enrolment';
import { decideTransplantMilestone } from './decide-milestones';
import { decideAdverseEvent, decideAssessment, decideBodyMeasurement, decideRegimenEnd, deriveLabResult } from './decide-observations';
import { assertRegimenOpenAt, requireEnrolment, type DecideContext } from './decision-rules';
import type { PatientDecidedEvent } from './event-registry';
import type { RecordLabResult } from './observation-commands';
import type { EnrolmentSummary, LabEntry, PatientState } from './state';

/**
 * Decides what a command records for a patient, given the folded stream. Pure: time comes in
 * `context.now`, ids are assigned on append. Throws a DomainError when the command is refused.
 * The command is parsed again here so that no caller can skip validation or UTC normalisation.
 */
export function decide(command: PatientCommandInput, state: PatientState, context: DecideContext): PatientDecidedEvent[] {
  const cmd = parseOrThrow(commandSchema, command, 'INVALID_COMMAND');
  if (cmd.type === 'EnrollPatient') {
    if (state.status !== 'NOT_ENROLLED') {
      throw new DomainError('ALREADY_ENROLLED', `Patient ${cmd.patientId} is already enrolled`, 'conflict', ['patientId']);
    }
    return [decideEnrolment(cmd, context)];
  }
  const enrolment = requireEnrolment(state, cmd.patientId);
  switch (cmd.type) {
    case 'RecordBodyMeasurement':
      return [decideBodyMeasurement(cmd, enrolment, context)];
    case 'ChangeThalidomideDose':
      assertRegimenOpenAt(state, cmd.effectiveAt, 'effectiveAt');
      return [decideThalidomideDose(cmd, state, enrolment, context)];
    case 'RecordDexamethasoneDose':
      assertRegimenOpenAt(state, cmd.givenAt, 'givenAt');
      return [decideDexamethasoneDose(cmd, state, enrolment, context)];
    case 'RecordTransplantMilestone':
      assertRegimenOpenAt(state, cmd.occurredAt, 'occurredAt');
      return [decideTransplantMilestone(cmd, state, enrolment, context)];
    case 'RecordLabResult':
      return [decideLabResult(cmd, state, enrolment, context)];
    case 'RecordAssessment':
      return [decideAssessment(cmd, enrolment, context)];
    case 'RecordAdverseEvent':
      return [decideAdverseEvent(cmd, enrolment, context)];
    case 'EndRegimen':
      if (state.ended) {
        throw new DomainError('REGIMEN_ALREADY_ENDED', `The regimen already ended at ${state.ended.endedAt}`, 'conflict');
      }
      return [decideRegimenEnd(cmd, enrolment, context)];
    case 'CorrectEvent':
      return [decideCorrection(cmd, state, enrolment, context)];
    case 'ErasePatientIdentity':
      if (enrolment.identityErased) {
        throw new DomainError('IDENTITY_ALREADY_ERASED', `The identity of patient ${cmd.patientId} is already erased`, 'conflict');
      }
      return [{ type: 'PatientIdentityErased', data: { reason: cmd.reason }, occurredAt: context.now }];
    default:
      return assertNever(cmd, 'patient command');
  }
}

/**
 * A result with status 'corrected' (HL7 OBX-11 = C) replaces the earlier result of the same test
 * and accession number as a whole: it becomes an EventCorrected, never a second result.
 */
function decideLabResult(cmd: RecordLabResult, state: PatientState, enrolment: EnrolmentSummary, context: DecideContext): PatientDecidedEvent {
  const { type: _type, status, ...body } = cmd;
  if (status !== 'corrected') {
    return { type: 'LabResultRecorded', data: deriveLabResult(body, state, enrolment, context), occurredAt: body.collectedAt };
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
  const data = deriveLabResult(body, stateWithout(state, target.eventId), enrolment, context);
  if (sameValues(data, entryValues(target))) {
    throw new DomainError('CORRECTION_CHANGES_NOTHING', 'The corrected result equals the recorded one', 'conflict');
  }
  const reason = `Corrected result from the laboratory (accession ${body.accessionId})`;
  return correctionEvent(target.eventId, 'LabResultRecorded', reason, data, context.now);
}
