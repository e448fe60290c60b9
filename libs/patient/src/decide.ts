import { assertNever, DomainError } from '@poems/kernel';
import { commandSchema, type FactCommand, isFactCommand, type PatientCommandInput } from './command-schema';
import { parseOrThrow } from './command-fields';
import { decideCorrection } from './decide-correction';
import { decideEnrolment } from './decide-enrolment';
import { decideRegimenEnd } from './decide-observations';
import { assertRegimenOpenAt, requireEnrolment, withClinicalOffset, type DecideContext } from './decision-rules';
import type { PatientDecidedEvent } from './event-registry';
import type { AnyFactKind } from './facts/fact-kind';
import { clinicalTimeOfFact, factOfCommand } from './facts/fact-registry';
import type { EnrolmentSummary, PatientState } from './state';

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
  if (isFactCommand(cmd)) return [decideFact(cmd, state, enrolment, context)];
  switch (cmd.type) {
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

/** A clinical fact: the kind's own decision, or one event of the data it derives, at its clinical time. */
function decideFact(cmd: FactCommand, state: PatientState, enrolment: EnrolmentSummary, context: DecideContext): PatientDecidedEvent {
  // The schemas guarantee the command matches its kind; the union of kinds needs the widening.
  const kind = factOfCommand(cmd.type) as AnyFactKind;
  const time = clinicalTimeOfFact(kind, cmd);
  if (kind.regimenBound) assertRegimenOpenAt(state, time, kind.timeField);
  if (kind.decide) return kind.decide(cmd, state, enrolment, context) as PatientDecidedEvent;
  const { type: _type, ...body } = cmd;
  const data = withClinicalOffset(kind.derive(body, state, enrolment, context), time, enrolment);
  return { type: kind.event, data, occurredAt: time } as PatientDecidedEvent;
}
