import type { PatientCommand } from '@poems/patient';

/**
 * Where each valid command of an import sits in the spool file, and in which order it is decided:
 * per patient, enrolment first, then by clinical time (a file may list a patient's history in any
 * order), then corrections and erasure, each tie broken by line number.
 */
export interface IndexedCommand {
  line: number;
  offset: number;
  length: number;
  rank: number;
  clinicalTime: string;
}

export function orderOf(command: PatientCommand): { rank: number; clinicalTime: string } {
  switch (command.type) {
    case 'EnrollPatient':
      return { rank: 0, clinicalTime: command.enrolledAt };
    case 'RecordBodyMeasurement':
      return { rank: 1, clinicalTime: command.measuredAt };
    case 'ChangeThalidomideDose':
      return { rank: 1, clinicalTime: command.effectiveAt };
    case 'RecordDexamethasoneDose':
      return { rank: 1, clinicalTime: command.givenAt };
    case 'RecordTransplantMilestone':
      return { rank: 1, clinicalTime: command.occurredAt };
    case 'RecordLabResult':
      return { rank: 1, clinicalTime: command.collectedAt };
    case 'RecordAssessment':
      return { rank: 1, clinicalTime: command.assessedAt };
    case 'RecordAdverseEvent':
      return { rank: 1, clinicalTime: command.onsetAt };
    case 'EndRegimen':
      return { rank: 1, clinicalTime: command.endedAt };
    case 'CorrectEvent':
    case 'ErasePatientIdentity':
      return { rank: 2, clinicalTime: '' };
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled command ${JSON.stringify(unknown)}`);
    }
  }
}

export function compareIndexed(a: IndexedCommand, b: IndexedCommand): number {
  return a.rank - b.rank || (a.clinicalTime < b.clinicalTime ? -1 : a.clinicalTime > b.clinicalTime ? 1 : 0) || a.line - b.line;
}
