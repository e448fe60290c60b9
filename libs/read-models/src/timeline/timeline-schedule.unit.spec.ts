import { decide, evolve, initialState, type PatientCommandInput, type PatientRecordedEvent, type PatientState } from '@poems/patient';
import { foldTimeline } from './timeline-evolve';
import type { TimelineEvent } from './timeline-rows';
import { presentSchedule } from './timeline-schedule';

const PATIENT = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
const DECIDED = '2024-12-01T00:00:00.000Z';
const jst = (date: string, time = '10:00') => `${date}T${time}:00+09:00`;

/** The timeline rows of a history decided command by command (the default clinic zone: Tokyo). */
function rowsOf(...commands: Array<Record<string, unknown>>) {
  let state: PatientState = initialState;
  const events: TimelineEvent[] = [];
  commands.forEach((command, i) => {
    for (const event of decide({ ...command, patientId: PATIENT } as PatientCommandInput, state, { now: DECIDED })) {
      const eventId = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
      state = evolve(state, { ...event, eventId, recordedAt: DECIDED } as PatientRecordedEvent);
      events.push({ ...event, eventId, patientId: PATIENT, recordedAt: DECIDED, actor: 'dr' } as TimelineEvent);
    }
  });
  const { patient, entries } = foldTimeline(events);
  return { patient: patient!, entries };
}

// The timeline shows the same schedule the rules judge (issue 12), on the clinic calendar and, on the thalidomide arm,
// following the dexamethasone cycles (issue 16 item 8): cycles 2 and 3 started 10 days late, VEGF drawn at every visit.
describe('the schedule of a thalidomide patient whose cycles 2 and 3 each started 10 days late', () => {
  const visits = ['2024-03-01', '2024-04-08', '2024-05-16', '2024-06-13', '2024-07-11'];
  const { patient, entries } = rowsOf(
    { type: 'EnrollPatient', birthDate: '1954-06-10', sex: 'male', heightCm: 160, weightKg: 55, careTeam: 'haem-a', enrolledAt: jst('2024-02-28') },
    { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: jst('2024-03-01') },
    ...visits.flatMap((date) => [
      { type: 'RecordLabResult', test: 'VEGF', value: 300, unit: 'pg/mL', collectedAt: jst(date, '09:00'), specimen: 'serum', method: 'RIA' },
      { type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt: jst(date, '10:30') },
    ]),
  );
  const schedule = presentSchedule(patient, entries, jst('2024-07-20'));

  it('has no VEGF overdue or late, and the next VEGF due on the moved grid, on its clinic date', () => {
    expect([...schedule.overdue, ...schedule.late].filter((d) => d.kind === 'VEGF')).toEqual([]);
    expect(schedule.next.find((d) => d.kind === 'VEGF')).toMatchObject({ day: 140, dueDate: '2024-08-08', closesOn: '2024-08-22' });
  });
});
