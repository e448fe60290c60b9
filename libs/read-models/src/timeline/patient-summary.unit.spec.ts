import { summarisePatient } from './patient-summary';
import type { TimelineEntryRow, TimelinePatientRow } from './timeline-rows';

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
  enrolment: {},
  corrections: [],
  lastRecordedAt: '2026-01-05T00:00:00.000Z',
  ...overrides,
});
const entry = (type: TimelineEntryRow['type'], clinicalTime: string, data: Record<string, unknown> = {}): TimelineEntryRow => ({
  eventId: `${type}-${clinicalTime}`,
  patientId: 'p1',
  type,
  clinicalTime,
  recordedAt: clinicalTime,
  recordedBy: 'dr',
  data,
  original: null,
  corrections: [],
});

describe('a patient on thalidomide with dexamethasone cycles', () => {
  const doses = [entry('DexamethasoneDoseGiven', '2026-01-05T00:00:00Z'), entry('DexamethasoneDoseGiven', '2026-02-02T00:00:00Z')];

  it('is on day N of the current cycle, counted in clinic days, with the next dose due one cycle after its start', () => {
    const summary = summarisePatient(patient(), doses, [], '2026-02-11T16:00:00Z', 'Asia/Tokyo');
    // 2 Feb 09:00 Tokyo → 12 Feb 01:00 Tokyo: day 11.
    expect(summary.treatment).toEqual({ kind: 'DEXAMETHASONE_CYCLE', cycleNumber: 2, cycleDay: 11, cycleLengthDays: 28, cycleStartedAt: '2026-02-02T00:00:00Z' });
    expect(summary.nextDue).toEqual([{ what: 'Dexamethasone, cycle 3', dueDate: '2026-03-02', dueInDays: 18 }]);
  });

  it('shows a missed cycle as overdue, from its open alert, and counts open alerts by severity', () => {
    const open = [
      { alertId: 'a1', rule: 'DEX_CYCLE_MISSED', severity: 'warning', clinicalTime: '2026-03-05T00:00:00Z', summary: 'No dose in cycle 3' },
      { alertId: 'a2', rule: 'VEGF_REBOUND', severity: 'critical', clinicalTime: '2026-03-01T00:00:00Z', summary: 'VEGF 900' },
    ];
    const summary = summarisePatient(patient(), doses, open, '2026-03-10T00:00:00Z', 'UTC');
    expect(summary.nextDue[0]).toMatchObject({ dueDate: '2026-03-02', dueInDays: -8 });
    expect(summary.overdue).toEqual([{ alertId: 'a1', rule: 'DEX_CYCLE_MISSED', since: '2026-03-05T00:00:00Z', summary: 'No dose in cycle 3' }]);
    expect(summary.openAlerts).toEqual({ total: 2, critical: 1, warning: 1, info: 0, highestSeverity: 'critical' });
  });
});

describe('a patient on the Auto-PBSCT arm', () => {
  it('is on day +N after the stem cell infusion (day 0), in clinic days', () => {
    const milestones = [entry('TransplantMilestoneRecorded', '2026-01-10T00:00:00Z', { milestone: 'APHERESIS' }), entry('TransplantMilestoneRecorded', '2026-02-10T22:00:00Z', { milestone: 'STEM_CELL_INFUSION' })];
    const summary = summarisePatient(patient({ arm: 'AUTO_PBSCT' }), milestones, [], '2026-02-20T03:00:00Z', 'Asia/Tokyo');
    expect(summary.treatment).toEqual({ kind: 'TRANSPLANT', dayAfterInfusion: 9, infusionAt: '2026-02-10T22:00:00Z' });
    expect(summary.nextDue).toEqual([]);
  });

  it('before the infusion, names the last milestone; with nothing yet, has not started; after the regimen, ended', () => {
    const apheresis = [entry('TransplantMilestoneRecorded', '2026-01-10T00:00:00Z', { milestone: 'APHERESIS' })];
    expect(summarisePatient(patient({ arm: 'AUTO_PBSCT' }), apheresis, [], '2026-01-12T00:00:00Z', 'UTC').treatment).toEqual({ kind: 'PRE_TRANSPLANT', lastMilestone: 'APHERESIS', lastMilestoneAt: '2026-01-10T00:00:00Z' });
    expect(summarisePatient(patient(), [], [], '2026-01-12T00:00:00Z', 'UTC').treatment).toEqual({ kind: 'NOT_STARTED' });
    expect(summarisePatient(patient({ endedAt: '2026-01-11T00:00:00Z' }), apheresis, [], '2026-01-12T00:00:00Z', 'UTC')).toMatchObject({ status: 'ENDED', treatment: { kind: 'ENDED' } });
  });
});
