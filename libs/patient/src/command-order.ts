import { assertNever } from '@poems/kernel';
import { isFactCommand, type PatientCommand } from './command-schema';
import { clinicalTimeOfFact, factOfCommand } from './facts/fact-registry';

/**
 * The order in which a patient's commands are decided when they arrive together (an import, a
 * migration): enrolment first, then by clinical time, then corrections and erasure, which refer
 * to what came before. Files may list a history in any order; this makes the outcome independent
 * of it. Takes parsed commands (times normalised to UTC, so their text sorts as time).
 */
export function commandOrder(command: PatientCommand): { rank: number; clinicalTime: string } {
  if (isFactCommand(command)) return { rank: 1, clinicalTime: clinicalTimeOfFact(factOfCommand(command.type)!, command) };
  switch (command.type) {
    case 'EnrollPatient':
      return { rank: 0, clinicalTime: command.enrolledAt };
    case 'EndRegimen':
      return { rank: 1, clinicalTime: command.endedAt };
    case 'CorrectEvent':
    case 'ErasePatientIdentity':
      return { rank: 2, clinicalTime: '' };
    default:
      return assertNever(command, 'patient command');
  }
}

export function compareCommandOrder(a: { rank: number; clinicalTime: string }, b: { rank: number; clinicalTime: string }): number {
  return a.rank - b.rank || (a.clinicalTime < b.clinicalTime ? -1 : a.clinicalTime > b.clinicalTime ? 1 : 0);
}

/** A stable sort into decision order (equal keys keep their arrival order). */
export function inDecisionOrder<T extends PatientCommand>(commands: ReadonlyArray<T>): T[] {
  return commands
    .map((command, index) => ({ command, index, order: commandOrder(command) }))
    .sort((a, b) => compareCommandOrder(a.order, b.order) || a.index - b.index)
    .map(({ command }) => command);
}

/** Commands grouped by patient (in first-seen order), each patient's in decision order. */
export function byPatientInDecisionOrder<T extends PatientCommand>(commands: ReadonlyArray<T>): Map<string, T[]> {
  const byPatient = new Map<string, T[]>();
  for (const command of commands) byPatient.set(command.patientId, [...(byPatient.get(command.patientId) ?? []), command]);
  return new Map([...byPatient].map(([patientId, own]) => [patientId, inDecisionOrder(own)]));
}
