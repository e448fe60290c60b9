import { decide, evolve, initialState, type PatientCommandInput, type PatientRecordedEvent, type PatientState } from '@poems/patient';

/** Test-only: patient states built the way the command handler builds them, from literal commands. */

export const PATIENT_ID = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
/** Every command is decided at this time, later than any clinical time in the specs. */
export const DECIDED_AT = '2027-01-01T00:00:00.000Z';

/** A valid UUID per command: the event of the n-th command (1-based) has id eventId(n). */
export function eventId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

type WithoutPatientId<C> = C extends unknown ? Omit<C, 'patientId'> : never;
export type Command = WithoutPatientId<PatientCommandInput>;

/** Decides and folds each command in turn (for PATIENT_ID); the event of command n gets eventId(n). */
export function history(...commands: Command[]): PatientState {
  return commands.reduce<PatientState>((state, command, i) => {
    const decided = decide({ ...command, patientId: PATIENT_ID } as PatientCommandInput, state, { now: DECIDED_AT });
    return decided.reduce(
      (next, e) => evolve(next, { ...e, eventId: eventId(i + 1), recordedAt: DECIDED_AT } as PatientRecordedEvent),
      state,
    );
  }, initialState);
}

const enrol = (birthDate: string, heightCm: number, weightKg: number, extra: object = {}): Command =>
  ({ type: 'EnrollPatient', birthDate, sex: 'female', heightCm, weightKg, careTeam: 'haem-a', enrolledAt: '2024-03-01T09:00:00Z', ...extra }) as Command;

/** 69 at enrolment on the seed protocol: thalidomide + dexamethasone, full doses; 160 cm, 55 kg → 1.56 m². */
export const ENROL_AGE_69 = enrol('1954-06-10', 160, 55);
/** 53 at enrolment on the seed protocol: Auto-PBSCT; 170 cm, 70 kg → 1.82 m². */
export const ENROL_AGE_53 = enrol('1970-05-20', 170, 70);
/** 79 at enrolment on the seed protocol: half doses (thalidomide 50 → 100, dexamethasone 6 mg/m²); 160 cm, 55 kg → 1.56 m². */
export const ENROL_AGE_79 = enrol('1944-06-10', 160, 55);
/** 69 at enrolment on J-POST (which enrols transplant-ineligible adults): thalidomide 200 mg/day from the start, no escalation step. */
export const ENROL_JPOST_AGE_69 = enrol('1954-06-10', 160, 55, { protocol: { id: 'j-post', version: 1 }, transplantIneligibleReason: 'declined transplant' });
