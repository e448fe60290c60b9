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

/** A command entered at a given (recorded) time rather than DECIDED_AT: for histories entered over days. */
export interface Entered {
  readonly enteredAt: string;
  readonly command: Command;
}
export const enteredAt = (at: string, command: Command): Entered => ({ enteredAt: at, command });

/**
 * Decides and folds each command in turn (for PATIENT_ID); the event of command n gets eventId(n)
 * and is recorded at DECIDED_AT, or at its `enteredAt`.
 */
export function history(...commands: Array<Command | Entered>): PatientState {
  return commands.reduce<PatientState>((state, step, i) => {
    const entered = (step as Partial<Entered>).enteredAt !== undefined ? (step as Entered) : undefined;
    const command = entered ? entered.command : (step as Command);
    const recordedAt = entered ? new Date(entered.enteredAt).toISOString() : DECIDED_AT;
    const decided = decide({ ...command, patientId: PATIENT_ID } as PatientCommandInput, state, { now: DECIDED_AT });
    return decided.reduce((next, e) => evolve(next, { ...e, eventId: eventId(i + 1), recordedAt } as PatientRecordedEvent), state);
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

/** Transplant-history building blocks shared by the transplant rules' specs. */
export const milestone = (m: string, occurredAt: string, extra: object = {}): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;
/** ANC in /µL. */
export const anc = (value: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'ANC', value, unit: '/uL', collectedAt });
/** Platelets in ×10³/µL. */
export const platelets = (thousands: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'PLATELETS', value: thousands, unit: '10*3/uL', collectedAt });
export const temperature = (temperatureC: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'VITALS', temperatureC, assessedAt });
export const adverseEvent = (term: string, onsetAt: string, grade = 2): Command => ({ type: 'RecordAdverseEvent', term, grade, onsetAt });
/** Serum VEGF by RIA (the protocol's assay: limit 600 pg/mL) unless another specimen and method are given. */
export const vegf = (value: number, collectedAt: string, specimen = 'serum', method = 'RIA'): Command => ({
  type: 'RecordLabResult',
  test: 'VEGF',
  value,
  unit: 'pg/mL',
  collectedAt,
  specimen,
  method,
});

/**
 * 1 enrol (53, 170 cm, 70 kg), 2 mobilisation 5 March, 3 apheresis 20 March, 4 conditioning
 * 18 April, 5 infusion 20 April 09:00 (day 0).
 */
export const INFUSED_20_APRIL: Command[] = [
  ENROL_AGE_53,
  milestone('MOBILISATION', '2024-03-05T09:00:00Z', { cyclophosphamideMg: 7280 }),
  milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 3 }),
  milestone('CONDITIONING', '2024-04-18T09:00:00Z', { melphalanMg: 364 }),
  milestone('STEM_CELL_INFUSION', '2024-04-20T09:00:00Z'),
];

/** Daily ANC at 08:00 from a day of April/May (UTC dates), one value per day. */
export function dailyAnc(firstDay: string, values: number[]): Command[] {
  return values.map((v, i) => anc(v, new Date(Date.parse(`${firstDay}T08:00:00Z`) + i * 86_400_000).toISOString()));
}
