import {
  byPatientInDecisionOrder,
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

/** The import's order (the domain's decision order), patient by patient. */
export function importOrdered(lines: ReadonlyArray<PatientCommandInput>): Map<string, PatientCommand[]> {
  return byPatientInDecisionOrder(lines.map((input) => commandSchema.parse(input)));
}

/** Decides every patient's commands with `now` = the end date, as recorded events; throws the first DomainError. */
export function decidedEvents(lines: ReadonlyArray<PatientCommandInput>, endDate: string): Map<string, PatientRecordedEvent[]> {
  const now = `${endDate}T00:00:00.000Z`;
  let counter = 0;
  const recorded = new Map<string, PatientRecordedEvent[]>();
  for (const [patientId, commands] of importOrdered(lines)) {
    let state = initialState;
    const events: PatientRecordedEvent[] = [];
    for (const command of commands) {
      for (const event of decide(command, state, { now })) {
        counter += 1;
        const eventId = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
        const stored = { ...event, eventId, recordedAt: now } as PatientRecordedEvent;
        events.push(stored);
        state = evolve(state, stored);
      }
    }
    recorded.set(patientId, events);
  }
  return recorded;
}

/** Decides and folds every patient's commands with `now` = the end date; throws the first DomainError. */
export function foldCohort(lines: ReadonlyArray<PatientCommandInput>, endDate: string): Map<string, PatientState> {
  const states = new Map<string, PatientState>();
  for (const [patientId, events] of decidedEvents(lines, endDate)) states.set(patientId, events.reduce(evolve, initialState));
  return states;
}
