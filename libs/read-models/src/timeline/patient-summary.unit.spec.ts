import { isSummaryEntry, summarisePatient } from './patient-summary';
import type { TimelineEntryRow, TimelinePatientRow } from './timeline-rows';
import { presentSchedule } from './timeline-schedule';

const patient = (overrides: Partial<TimelinePatientRow> = {}): TimelinePatientRow => ({
  patientId: 'p1',
  careTeam: 'haem-a',
  arm: 'THALIDOMIDE_DEXAMETHASONE',
  armReason: 'age 70',
  protocol: { id: 'poems-seed', version: 1 },
  ageAtEnrolment: 70,
  sex: 'female',
  enrolledAt: '2026-01-05T00:00:00.000Z',
  identity: {},
  identityErased: false,
  endedAt: null,
  endReason: null,
  enrolmentEventId: 'e0',
  enrolment: { clinicTimeZone: 'Asia/Tokyo' },
  corrections: [],
  lastRecordedAt: '2026-01-05T00:00:00.000Z',
  ...overrides,
});
const entry = (type: TimelineEntryRow['type'], clinicalTime: string, data: Record<string, unknown> = {}): TimelineEntryRow => ({
  eventId: `${type}-${clinicalTime}-${JSON.stringify(data)}`,
  patientId: 'p1',
  type,
  clinicalTime,
  recordedAt: clinicalTime,
  recordedBy: 'dr',
  data,
  original: null,
  corrections: [],
});
const vegf = (at: string) => entry('LabResultRecorded', at, { test: 'VEGF', value: 400, unit: 'pg/mL' });

// Thalidomide from 5 Jan (09:00 Tokyo), regimen dexamethasone on 5 Jan and 2 Feb: cycle 3 due 2 Mar (± 3 grace days).
const started = [entry('ThalidomideDoseChanged', '2026-01-05T00:00:00Z', { mgPerDay: 100 }), entry('DexamethasoneDoseGiven', '2026-01-05T00:00:00Z'), entry('DexamethasoneDoseGiven', '2026-02-02T00:00:00Z')];

describe('a patient on thalidomide with dexamethasone cycles', () => {
  it('is on day N of the current cycle, counted in the days of the clinic the enrolment recorded', () => {
    const summary = summarisePatient(patient(), started, [], '2026-02-11T16:00:00Z');
    // 2 Feb 09:00 Tokyo → 12 Feb 01:00 Tokyo: day 11.
    expect(summary.treatment).toEqual({ kind: 'DEXAMETHASONE_CYCLE', cycleNumber: 2, cycleDay: 11, cycleLengthDays: 28, cycleStartedAt: '2026-02-02T00:00:00Z' });
    expect(summary.clinicTimeZone).toBe('Asia/Tokyo');
  });

  it('lists the next assessment of each kind from the timeline’s own schedule, and the next cycle, by due date', () => {
    const now = '2026-02-11T16:00:00Z';
    const summary = summarisePatient(patient(), started, [], now);
    expect(summary.nextDue.map((d) => [d.what, d.dueDate, d.status])).toEqual([
      ['VEGF', '2026-02-02', 'OPEN'],
      ['Dexamethasone, cycle 3', '2026-03-02', 'UPCOMING'],
      ['Immunofixation', '2026-03-30', 'UPCOMING'],
      ['CT for effusions', '2026-06-22', 'UPCOMING'],
      ['Nerve conduction', '2026-06-22', 'UPCOMING'],
      ['ONLS', '2026-06-22', 'UPCOMING'],
    ]);
    expect(summary.nextDue[0]).toEqual({ kind: 'ASSESSMENT', assessment: 'VEGF', what: 'VEGF', dueDate: '2026-02-02', dueInDays: -10, windowOpensOn: '2026-01-19', windowClosesOn: '2026-02-16', status: 'OPEN' });
    expect(summary.nextDue[1]).toEqual({ kind: 'DEXAMETHASONE_CYCLE', assessment: null, what: 'Dexamethasone, cycle 3', dueDate: '2026-03-02', dueInDays: 18, windowOpensOn: '2026-02-27', windowClosesOn: '2026-03-05', status: 'UPCOMING' });
    // One computation: the timeline's schedule, not a copy of it.
    const schedule = presentSchedule(patient(), started, now);
    expect(summary.nextDue.filter((d) => d.kind === 'ASSESSMENT').map((d) => [d.assessment, d.dueDate]).sort()).toEqual(schedule.next.map((d) => [d.kind, d.dueDate]).sort());
    expect(summary.overdue).toEqual([]);
  });

  it('counts the next cycle from the grid, not from a start a day or two late within the grace days', () => {
    // Cycle 2 due 2 Feb, started 4 Feb (within 3 grace days): cycle 3 is still due 2 Mar, as DEX_CYCLE_MISSED counts it.
    const late = [started[0]!, started[1]!, entry('DexamethasoneDoseGiven', '2026-02-04T00:00:00Z')];
    expect(summarisePatient(patient(), late, [], '2026-02-11T16:00:00Z').nextDue.find((d) => d.kind === 'DEXAMETHASONE_CYCLE')).toMatchObject({ dueDate: '2026-03-02' });
  });

  it('shows what the schedule says is overdue (a VEGF window closed, the cycle past its grace days) once, whatever alerts are open', () => {
    const open = [
      { alertId: 'a1', rule: 'DEX_CYCLE_MISSED', severity: 'warning', clinicalTime: '2026-03-02T00:00:00Z', summary: 'Dexamethasone cycle 3 due 2026-03-02 not started by 2026-03-05' },
      { alertId: 'a2', rule: 'PREGNANCY_TEST_OVERDUE', severity: 'critical', clinicalTime: '2026-03-06T00:00:00Z', summary: 'No pregnancy test in its window' },
      { alertId: 'a3', rule: 'VEGF_REBOUND', severity: 'warning', clinicalTime: '2026-03-01T00:00:00Z', summary: 'VEGF 900' },
    ];
    const summary = summarisePatient(patient(), started, open, '2026-03-10T00:00:00Z');
    expect(summary.overdue).toEqual([
      { kind: 'ASSESSMENT', assessment: 'VEGF', what: 'VEGF', dueDate: '2026-02-02', windowClosedOn: '2026-02-16', daysOverdue: 22, summary: 'No VEGF for day 28 (2026-02-02): its window closed 2026-02-16', alertId: null, rule: null },
      { kind: 'DEXAMETHASONE_CYCLE', assessment: null, what: 'Dexamethasone, cycle 3', dueDate: '2026-03-02', windowClosedOn: '2026-03-05', daysOverdue: 5, summary: 'Dexamethasone, cycle 3 due 2026-03-02 not started by 2026-03-05', alertId: null, rule: null },
      { kind: 'ALERT', assessment: null, what: 'PREGNANCY_TEST_OVERDUE', dueDate: null, windowClosedOn: null, daysOverdue: 4, summary: 'No pregnancy test in its window', alertId: 'a2', rule: 'PREGNANCY_TEST_OVERDUE' },
    ].sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '')));
    expect(summary.nextDue.map((d) => d.what)).not.toContain('Dexamethasone, cycle 3');
    expect(summary.openAlerts).toEqual({ total: 3, critical: 1, warning: 2, info: 0, highestSeverity: 'critical' });
  });

  it('takes a late result off the overdue list (late results count) and an ended regimen off the cycles', () => {
    const withLate = [...started, vegf('2026-02-20T00:00:00Z')];
    const summary = summarisePatient(patient(), withLate, [], '2026-03-10T00:00:00Z');
    expect(summary.overdue.filter((o) => o.assessment === 'VEGF')).toEqual([]);
    const ended = summarisePatient(patient({ endedAt: '2026-02-20T00:00:00Z' }), started, [], '2026-03-10T00:00:00Z');
    expect(ended.overdue.map((o) => o.kind)).toEqual(['ASSESSMENT']);
    expect(ended.nextDue.filter((d) => d.kind === 'DEXAMETHASONE_CYCLE')).toEqual([]);
  });

  it('reads nothing the list query leaves out: the same summary from the entries it loads as from the whole timeline', () => {
    const everything = [
      ...started,
      vegf('2026-02-03T00:00:00Z'),
      entry('LabResultRecorded', '2026-02-03T00:00:00Z', { test: 'M_PROTEIN_IFE', value: 'positive' }),
      entry('LabResultRecorded', '2026-02-03T00:00:00Z', { test: 'ANC', value: 2.1 }),
      entry('AssessmentRecorded', '2026-02-03T00:00:00Z', { kind: 'ONLS', score: 4 }),
      entry('AssessmentRecorded', '2026-02-03T00:00:00Z', { kind: 'VITALS', heartRateBpm: 60 }),
      entry('AdverseEventRecorded', '2026-02-03T00:00:00Z', { term: 'constipation', grade: 1 }),
      entry('DexamethasoneDoseGiven', '2026-02-10T00:00:00Z', { indication: 'SUPPORTIVE' }),
    ];
    const loaded = everything.filter(isSummaryEntry);
    expect(loaded.map((e) => e.data['test'] ?? e.data['kind'] ?? e.type)).not.toEqual(expect.arrayContaining(['ANC', 'VITALS', 'AdverseEventRecorded']));
    for (const now of ['2026-02-11T16:00:00Z', '2026-08-01T00:00:00Z']) expect(summarisePatient(patient(), loaded, [], now)).toEqual(summarisePatient(patient(), everything, [], now));
  });
});

describe('a patient on the Auto-PBSCT arm', () => {
  it('is on day +N after the stem cell infusion (day 0), in clinic days, with the month-1 VEGF next', () => {
    const milestones = [entry('TransplantMilestoneRecorded', '2026-01-10T00:00:00Z', { milestone: 'APHERESIS', cd34PerKg: 3.1 }), entry('TransplantMilestoneRecorded', '2026-02-10T22:00:00Z', { milestone: 'STEM_CELL_INFUSION' })];
    const summary = summarisePatient(patient({ arm: 'AUTO_PBSCT' }), milestones, [], '2026-02-20T03:00:00Z');
    expect(summary.treatment).toEqual({ kind: 'TRANSPLANT', dayAfterInfusion: 9, infusionAt: '2026-02-10T22:00:00Z' });
    // Infusion 11 Feb 07:00 Tokyo: the day-30 VEGF is due 13 Mar.
    expect(summary.nextDue[0]).toMatchObject({ kind: 'ASSESSMENT', assessment: 'VEGF', dueDate: '2026-03-13', dueInDays: 21 });
    expect(summary.nextDue.some((d) => d.kind === 'DEXAMETHASONE_CYCLE')).toBe(false);
  });

  it('before the infusion, names the last milestone; with nothing yet, has not started; after the regimen, ended', () => {
    const apheresis = [entry('TransplantMilestoneRecorded', '2026-01-10T00:00:00Z', { milestone: 'APHERESIS' })];
    expect(summarisePatient(patient({ arm: 'AUTO_PBSCT' }), apheresis, [], '2026-01-12T00:00:00Z').treatment).toEqual({ kind: 'PRE_TRANSPLANT', lastMilestone: 'APHERESIS', lastMilestoneAt: '2026-01-10T00:00:00Z' });
    expect(summarisePatient(patient(), [], [], '2026-01-12T00:00:00Z').treatment).toEqual({ kind: 'NOT_STARTED' });
    expect(summarisePatient(patient({ endedAt: '2026-01-11T00:00:00Z' }), apheresis, [], '2026-01-12T00:00:00Z')).toMatchObject({ status: 'ENDED', treatment: { kind: 'ENDED' } });
  });

  it('shows an apheresis without its CD34+ yield as overdue once its window closed', () => {
    const apheresis = [entry('TransplantMilestoneRecorded', '2026-01-10T00:00:00Z', { milestone: 'APHERESIS' })];
    const summary = summarisePatient(patient({ arm: 'AUTO_PBSCT' }), apheresis, [], '2026-01-14T00:00:00Z');
    expect(summary.overdue).toEqual([expect.objectContaining({ kind: 'ASSESSMENT', assessment: 'CD34_YIELD', what: 'CD34+ yield', dueDate: '2026-01-10', windowClosedOn: '2026-01-11', daysOverdue: 3 })]);
  });
});
