import { byPatientInDecisionOrder, inDecisionOrder } from './command-order';
import { commandSchema, type PatientCommand } from './command-schema';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const parse = (input: object) => commandSchema.parse(input) as PatientCommand;
const enrol = (patientId: string) => parse({ type: 'EnrollPatient', patientId, birthDate: '1950-01-01', sex: 'male', heightCm: 160, weightKg: 60, careTeam: 't', enrolledAt: '2025-01-01T09:00:00+09:00' });
const vegf = (patientId: string, collectedAt: string) => parse({ type: 'RecordLabResult', patientId, test: 'VEGF', value: 900, unit: 'pg/mL', collectedAt });

describe('commands arriving together in any order', () => {
  it('are decided enrolment first, then by clinical time (offsets normalised), then corrections', () => {
    const correction = parse({ type: 'CorrectEvent', patientId: A, correctsEventId: B, reason: 'typo', value: 1 });
    const late = vegf(A, '2025-03-01T00:00:00Z');
    const early = vegf(A, '2025-02-01T08:00:00+09:00');
    expect(inDecisionOrder([correction, late, early, enrol(A)]).map((c) => c.type)).toEqual(['EnrollPatient', 'RecordLabResult', 'RecordLabResult', 'CorrectEvent']);
    expect(inDecisionOrder([late, early])).toEqual([early, late]);
  });

  it('keep arrival order between equal times, and group by patient', () => {
    const first = vegf(A, '2025-02-01T00:00:00Z');
    const second = { ...vegf(A, '2025-02-01T00:00:00Z'), value: 700 } as PatientCommand;
    expect(inDecisionOrder([first, second])).toEqual([first, second]);
    const grouped = byPatientInDecisionOrder([vegf(B, '2025-02-01T00:00:00Z'), enrol(A), enrol(B)]);
    expect([...grouped.keys()]).toEqual([B, A]);
    expect(grouped.get(B)!.map((c) => c.type)).toEqual(['EnrollPatient', 'RecordLabResult']);
  });
});
