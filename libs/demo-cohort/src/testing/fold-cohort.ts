import {
  commandSchema,
  decide,
  evolve,
  initialState,
  type PatientCommand,
  type PatientCommandInput,
  type PatientRecordedEvent,
  type PatientState,
} from '@poems/patient';

/** Test-only: the cohort decided and folded as POST /v1/import would, patient by patient. */

/** The import's order (apps/api import-index): enrolment, then clinical time (UTC text), then corrections; ties by line. */
function orderOf(command: PatientCommand): { rank: number; clinicalTime: string } {
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
    default:
      return { rank: 2, clinicalTime: '' };
  }
}

export function importOrdered(lines: ReadonlyArray<PatientCommandInput>): Map<string, PatientCommandInput[]> {
  const byPatient = new Map<string, Array<{ line: number; input: PatientCommandInput; rank: number; clinicalTime: string }>>();
  lines.forEach((input, line) => {
    const parsed = commandSchema.parse(input);
    const entries = byPatient.get(parsed.patientId) ?? [];
    entries.push({ line, input, ...orderOf(parsed) });
    byPatient.set(parsed.patientId, entries);
  });
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return new Map(
    [...byPatient].map(([id, entries]) => [
      id,
      entries.sort((a, b) => a.rank - b.rank || cmp(a.clinicalTime, b.clinicalTime) || a.line - b.line).map((e) => e.input),
    ]),
  );
}

/** Decides and folds every patient's commands with `now` = the end date; throws the first DomainError. */
export function foldCohort(lines: ReadonlyArray<PatientCommandInput>, endDate: string): Map<string, PatientState> {
  const now = `${endDate}T00:00:00.000Z`;
  let counter = 0;
  const states = new Map<string, PatientState>();
  for (const [patientId, commands] of importOrdered(lines)) {
    let state = initialState;
    for (const command of commands) {
      for (const event of decide(command, state, { now })) {
        counter += 1;
        const eventId = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
        state = evolve(state, { ...event, eventId, recordedAt: now } as PatientRecordedEvent);
      }
    }
    states.set(patientId, state);
  }
  return states;
}
