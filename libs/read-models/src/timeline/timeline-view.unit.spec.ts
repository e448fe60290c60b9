import { decide, evolve, initialState, type PatientCommandInput, type PatientRecordedEvent, type PatientState } from '@poems/patient';
import { foldTimeline } from './timeline-evolve';
import type { TimelineEvent } from './timeline-rows';
import { presentTimeline } from './timeline-view';

const PATIENT = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
const NOW = '2024-06-01T00:00:00.000Z';

/** The timeline of a history decided command by command (clinic in Tokyo). */
function timelineOf(...commands: Array<Record<string, unknown>>) {
  let state: PatientState = initialState;
  const events: TimelineEvent[] = [];
  commands.forEach((command, i) => {
    for (const event of decide({ ...command, patientId: PATIENT } as PatientCommandInput, state, { now: NOW })) {
      const eventId = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
      state = evolve(state, { ...event, eventId, recordedAt: NOW } as PatientRecordedEvent);
      events.push({ ...event, eventId, patientId: PATIENT, recordedAt: NOW, actor: 'dr' } as TimelineEvent);
    }
  });
  const { patient, entries } = foldTimeline(events);
  return presentTimeline(patient!, entries, [], { seesOriginals: false, identity: null });
}

const enrol = (birthDate: string, sex: 'female' | 'male', extra: object = {}) =>
  ({ type: 'EnrollPatient', birthDate, sex, heightCm: 160, weightKg: 55, careTeam: 'haem-a', enrolledAt: '2024-03-01T10:00:00+09:00', transplantIneligibleReason: 'LVEF 35%', ...extra }) as const;

describe('the timeline’s safety section (issue 12)', () => {
  it.each([
    ['a woman of 45, potential not recorded', enrol('1979-01-10', 'female'), { childbearingPotential: true, childbearingPotentialBasis: 'ASSUMED_BELOW_AGE', assumptionAge: 55 }],
    ['a woman of 60, potential not recorded', enrol('1964-01-10', 'female'), { childbearingPotential: false, childbearingPotentialBasis: 'ASSUMED_NOT_FROM_AGE', assumptionAge: 55 }],
    ['a woman of 45 recorded as not of childbearing potential', enrol('1979-01-10', 'female', { childbearingPotential: false }), { childbearingPotential: false, childbearingPotentialBasis: 'RECORDED' }],
    ['a man', enrol('1954-01-10', 'male'), { childbearingPotential: false, childbearingPotentialBasis: 'NOT_APPLICABLE' }],
  ])('%s: says which assumption was made', (_who, enrolment, safety) => {
    expect(timelineOf(enrolment).safety).toEqual(safety);
  });

  it('shows the clinic zone, dispensings and thromboprophylaxis starts and stops together', () => {
    const timeline = timelineOf(
      enrol('1954-01-10', 'male'),
      { type: 'StartThromboprophylaxis', agent: 'ASPIRIN', startedAt: '2024-03-05T10:00:00+09:00' },
      { type: 'DispenseThalidomide', mgPerDay: 100, daysSupply: 28, dispensedAt: '2024-03-05T11:00:00+09:00' },
      { type: 'StopThromboprophylaxis', stoppedAt: '2024-04-05T10:00:00+09:00', reason: 'switched' },
      { type: 'StartThromboprophylaxis', agent: 'LMWH', startedAt: '2024-04-05T11:00:00+09:00' },
    );
    expect(timeline.patient.clinicTimeZone).toBe('Asia/Tokyo');
    const sections = timeline as unknown as Record<string, object[]>;
    expect(sections['thalidomideDispensing']).toEqual([expect.objectContaining({ dispensedAt: '2024-03-05T02:00:00.000Z', mgPerDay: 100, daysSupply: 28 })]);
    expect(sections['thromboprophylaxis']!.map((e) => Object.values(e).slice(2))).toEqual([['STARTED', 'ASPIRIN'], ['STOPPED', 'switched'], ['STARTED', 'LMWH']]);
  });
});

describe('the timeline’s doses (issue 16 items 4, 5, 8, 11)', () => {
  const timeline = timelineOf(
    enrol('1954-01-10', 'male', { transplantIneligibleReason: undefined }),
    { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T10:00:00+09:00' },
    { type: 'ChangeThalidomideDose', mgPerDay: 50, effectiveAt: '2024-03-10T10:00:00+09:00', reason: 'somnolence grade 2' },
    { type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt: '2024-04-15T10:00:00+09:00' },
    { type: 'RecordDexamethasoneDose', doseMg: 8, givenAt: '2024-04-16T10:00:00+09:00', indication: 'SUPPORTIVE' },
    { type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt: '2024-04-17T10:00:00+09:00' },
  );

  it('shows a documented reduction as such', () => {
    expect(timeline.thalidomide.map((t) => [t.mgPerDay, t.documentedReduction])).toEqual([
      [100, false],
      [50, true],
    ]);
  });

  it('shows supportive doses without a cycle, an extra regimen dose as extra, and a dose judged on a stale weight', () => {
    expect(timeline.dexamethasone.map((d) => [d.indication, d.cycleNumber, d.extraDose, d.basisStale])).toEqual([
      ['REGIMEN', 1, null, ['WEIGHT_TOO_OLD']],
      ['SUPPORTIVE', null, null, null],
      ['REGIMEN', 1, 'BEYOND_SCHEDULE', ['WEIGHT_TOO_OLD']],
    ]);
  });
});

// Issue 16 item 9: the transplant's day +N is a clinic day, as the rules count it (it took the UTC date of each time).
describe('the transplant milestones after an infusion at 00:30 in Tokyo (19 April in UTC)', () => {
  const timeline = timelineOf(
    enrol('1970-05-20', 'male', { transplantIneligibleReason: undefined }),
    { type: 'RecordTransplantMilestone', milestone: 'MOBILISATION', occurredAt: '2024-03-05T10:00:00+09:00', cyclophosphamideMg: 6360 },
    { type: 'RecordTransplantMilestone', milestone: 'APHERESIS', occurredAt: '2024-03-20T10:00:00+09:00', cd34PerKg: 3 },
    { type: 'RecordTransplantMilestone', milestone: 'CONDITIONING', occurredAt: '2024-04-18T10:00:00+09:00', melphalanMg: 318 },
    { type: 'RecordTransplantMilestone', milestone: 'STEM_CELL_INFUSION', occurredAt: '2024-04-20T00:30:00+09:00' },
    { type: 'RecordTransplantMilestone', milestone: 'NEUTROPHIL_ENGRAFTMENT', occurredAt: '2024-05-01T10:00:00+09:00' },
  );

  it('are on day 0 and day +11 of the clinic calendar', () => {
    expect(timeline.transplant.slice(3).map((m) => [m['milestone' as keyof typeof m], m.day])).toEqual([
      ['STEM_CELL_INFUSION', 0],
      ['NEUTROPHIL_ENGRAFTMENT', 11],
    ]);
  });
});
