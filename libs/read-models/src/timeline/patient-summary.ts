import { ASSESSMENT_LABELS } from '@poems/alert-rules';
import { addCalendarDays, type CalendarDate, daysBetweenDates, endOfLocalDay, isAfter, type IsoTime, localDate } from '@poems/kernel';
import { assignCycles, type CycleInfo, type CyclePosition, cycleRulesOf } from '@poems/patient';
import { type DueAssessment, findProtocol, type ProtocolDefinition, type ScheduledAssessmentKind } from '@poems/protocol';
import type { TimelineEntryRow, TimelinePatientRow } from './timeline-rows';
import { presentSchedule } from './timeline-schedule';
import { timelineZone } from './timeline-zone';

/** Where a patient stands in their treatment today, counted in the clinic's calendar days. */
export type TreatmentPosition =
  | { kind: 'DEXAMETHASONE_CYCLE'; cycleNumber: number; cycleDay: number; cycleLengthDays: number; cycleStartedAt: IsoTime }
  | { kind: 'TRANSPLANT'; dayAfterInfusion: number; infusionAt: IsoTime }
  | { kind: 'PRE_TRANSPLANT'; lastMilestone: string; lastMilestoneAt: IsoTime }
  | { kind: 'NOT_STARTED' }
  | { kind: 'ENDED'; endedAt: IsoTime };

/** Something scheduled that is still to come: an assessment of the protocol's schedule, or the next regimen cycle. */
export interface DueItem {
  kind: 'ASSESSMENT' | 'DEXAMETHASONE_CYCLE';
  /** The scheduled assessment's kind (VEGF, M_PROTEIN_IFE, …); null for a dexamethasone cycle. */
  assessment: ScheduledAssessmentKind | null;
  what: string;
  /** The clinic-calendar date it is due (YYYY-MM-DD). */
  dueDate: CalendarDate;
  /** Negative once the date has passed (the window may still be open). */
  dueInDays: number;
  /** The window's first and last clinic days (a cycle's: its grace days either side). */
  windowOpensOn: CalendarDate;
  windowClosesOn: CalendarDate;
  /** OPEN: its window is open now; UPCOMING: not yet. */
  status: 'OPEN' | 'UPCOMING';
}

/** Something scheduled whose window closed without it, or an open alert saying so about what no schedule here computes. */
export interface OverdueItem {
  kind: 'ASSESSMENT' | 'DEXAMETHASONE_CYCLE' | 'ALERT';
  assessment: ScheduledAssessmentKind | null;
  what: string;
  /** The clinic date it was due on (null for an alert). */
  dueDate: CalendarDate | null;
  /** The window's last clinic day (null for an alert). */
  windowClosedOn: CalendarDate | null;
  /** Clinic days since the window closed (alerts: since their clinical time). */
  daysOverdue: number;
  summary: string;
  /** ALERT items: the open alert. */
  alertId: string | null;
  rule: string | null;
}

export interface OpenAlertFacts {
  alertId: string;
  rule: string;
  severity: string;
  clinicalTime: IsoTime;
  summary: string;
}

/**
 * Rules about something overdue that the schedule and the cycles below do not compute (they are
 * judged on the folded history by their rules): the list shows their open alerts as overdue.
 * DEX_CYCLE_MISSED and ASSESSMENT_OVERDUE are computed here, as the timeline computes them.
 */
export const OVERDUE_ALERT_RULES: ReadonlySet<string> = new Set(['PBSCT_MILESTONE_OVERDUE', 'PREGNANCY_TEST_OVERDUE']);

/**
 * The timeline entries the summary reads (the patient list loads only these, not whole timelines):
 * the treatment position's doses and milestones, and the assessment schedule's anchors and results.
 */
export const SUMMARY_ENTRIES = {
  types: ['DexamethasoneDoseGiven', 'TransplantMilestoneRecorded', 'ThalidomideDoseChanged', 'LabResultRecorded', 'AssessmentRecorded'],
  labTests: ['VEGF', 'M_PROTEIN_IFE'],
  assessmentKinds: ['ONLS', 'NERVE_CONDUCTION', 'CT_EFFUSION'],
} as const satisfies { types: ReadonlyArray<TimelineEntryRow['type']>; labTests: ReadonlyArray<string>; assessmentKinds: ReadonlyArray<string> };

export function isSummaryEntry(entry: Pick<TimelineEntryRow, 'type' | 'data'>): boolean {
  if (!(SUMMARY_ENTRIES.types as ReadonlyArray<string>).includes(entry.type)) return false;
  if (entry.type === 'LabResultRecorded') return (SUMMARY_ENTRIES.labTests as ReadonlyArray<unknown>).includes(entry.data['test']);
  if (entry.type === 'AssessmentRecorded') return (SUMMARY_ENTRIES.assessmentKinds as ReadonlyArray<unknown>).includes(entry.data['kind']);
  return true;
}

const SEVERITY_RANK: Record<string, number> = { critical: 3, warning: 2, info: 1 };

/**
 * What a care team's patient list shows of one patient (the identity is added at the edge, by those
 * who may see it). Days are the patient's clinic calendar (the zone the enrolment recorded), as on
 * the timeline; next and overdue assessments are the timeline's own schedule (`presentSchedule`).
 */
export function summarisePatient(patient: TimelinePatientRow, entries: ReadonlyArray<TimelineEntryRow>, openAlerts: ReadonlyArray<OpenAlertFacts>, now: IsoTime) {
  const sorted = [...entries].sort((a, b) => (a.clinicalTime < b.clinicalTime ? -1 : a.clinicalTime > b.clinicalTime ? 1 : 0));
  const zone = timelineZone(patient);
  const today = localDate(now, zone);
  const protocol = findProtocol(patient.protocol.id, patient.protocol.version);
  // Regimen doses only: a supportive dose (an antiemetic) is no cycle.
  const regimenDex = sorted.filter((e) => e.type === 'DexamethasoneDoseGiven' && e.data['indication'] !== 'SUPPORTIVE').map((e) => e.clinicalTime);
  const cycles = protocol && regimenDex.length > 0 ? assignCycles(regimenDex, cycleRulesOf(protocol), zone) : undefined;
  const treatment = treatmentPosition(patient, sorted, cycles?.positions.at(-1), protocol, today, zone);
  const schedule = presentSchedule(patient, sorted, now);
  const nextCycle = protocol && cycles && !patient.endedAt ? nextCycleDue(cycles.cycles.at(-1)!, protocol, now, zone) : undefined;

  const nextDue: DueItem[] = schedule.next.map((due) => ({ ...assessmentItem(due, today, zone), status: due.status === 'OPEN' ? 'OPEN' : 'UPCOMING' }));
  const overdue: OverdueItem[] = schedule.overdue.map((due) => ({
    kind: 'ASSESSMENT',
    assessment: due.kind,
    what: capitalise(ASSESSMENT_LABELS[due.kind]),
    dueDate: due.dueDate,
    windowClosedOn: due.closesOn,
    daysOverdue: daysBetweenDates(due.closesOn, today),
    summary: `No ${ASSESSMENT_LABELS[due.kind]} for ${due.kind === 'CD34_YIELD' ? `the apheresis on ${due.dueDate}` : `day ${due.day} (${due.dueDate})`}: its window closed ${due.closesOn}`,
    alertId: null,
    rule: null,
  }));
  if (nextCycle?.overdue) {
    const { dueDate, windowClosesOn, what } = nextCycle;
    overdue.push({ kind: 'DEXAMETHASONE_CYCLE', assessment: null, what, dueDate, windowClosedOn: windowClosesOn, daysOverdue: daysBetweenDates(windowClosesOn, today), summary: `${what} due ${dueDate} not started by ${windowClosesOn}`, alertId: null, rule: null });
  } else if (nextCycle) {
    const { overdue: _overdue, ...item } = nextCycle;
    nextDue.push({ ...item, dueInDays: daysBetweenDates(today, item.dueDate) });
  }
  for (const alert of openAlerts.filter((a) => OVERDUE_ALERT_RULES.has(a.rule))) {
    overdue.push({ kind: 'ALERT', assessment: null, what: alert.rule, dueDate: null, windowClosedOn: null, daysOverdue: Math.max(0, daysBetweenDates(localDate(alert.clinicalTime, zone), today)), summary: alert.summary, alertId: alert.alertId, rule: alert.rule });
  }
  const byDate = <T extends { dueDate: string | null }>(a: T, b: T) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '');

  const bySeverity = { critical: 0, warning: 0, info: 0 };
  for (const alert of openAlerts) if (alert.severity in bySeverity) bySeverity[alert.severity as keyof typeof bySeverity] += 1;
  const highest = openAlerts.reduce<string | null>((best, a) => ((SEVERITY_RANK[a.severity] ?? 0) > (best ? (SEVERITY_RANK[best] ?? 0) : 0) ? a.severity : best), null);
  return {
    patientId: patient.patientId,
    careTeam: patient.careTeam,
    arm: patient.arm,
    protocol: patient.protocol,
    sex: patient.sex,
    ageAtEnrolment: patient.ageAtEnrolment,
    enrolledAt: patient.enrolledAt,
    clinicTimeZone: zone,
    status: patient.endedAt ? ('ENDED' as const) : ('ENROLLED' as const),
    treatment,
    openAlerts: { total: openAlerts.length, ...bySeverity, highestSeverity: highest },
    overdue: overdue.sort(byDate),
    nextDue: nextDue.sort(byDate),
  };
}

export type PatientSummary = ReturnType<typeof summarisePatient>;

function assessmentItem(due: DueAssessment, today: CalendarDate, zone: string) {
  return {
    kind: 'ASSESSMENT' as const,
    assessment: due.kind,
    what: capitalise(ASSESSMENT_LABELS[due.kind]),
    dueDate: due.dueDate,
    dueInDays: daysBetweenDates(today, due.dueDate),
    windowOpensOn: localDate(due.opensAt, zone),
    windowClosesOn: due.closesOn,
  };
}

/**
 * The next regimen cycle on the grid the cycles follow (DEX_CYCLE_MISSED counts the same way): due
 * one cycle after the current cycle's anchor, with the protocol's grace days either side; overdue
 * once the last grace day has ended with no start.
 */
function nextCycleDue(current: CycleInfo, protocol: ProtocolDefinition, now: IsoTime, zone: string) {
  const { cycleLengthDays, graceDays } = protocol.dexamethasone;
  const dueDate = addCalendarDays(current.anchorDate, cycleLengthDays);
  const windowOpensOn = addCalendarDays(dueDate, -graceDays);
  const windowClosesOn = addCalendarDays(dueDate, graceDays);
  return {
    kind: 'DEXAMETHASONE_CYCLE' as const,
    assessment: null,
    what: `Dexamethasone, cycle ${current.cycleNumber + 1}`,
    dueDate,
    windowOpensOn,
    windowClosesOn,
    status: localDate(now, zone) >= windowOpensOn ? ('OPEN' as const) : ('UPCOMING' as const),
    overdue: isAfter(now, endOfLocalDay(windowClosesOn, zone)),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function treatmentPosition(
  patient: TimelinePatientRow,
  entries: ReadonlyArray<TimelineEntryRow>,
  current: CyclePosition | undefined,
  protocol: ProtocolDefinition | undefined,
  today: CalendarDate,
  zone: string,
): TreatmentPosition {
  if (patient.endedAt) return { kind: 'ENDED', endedAt: patient.endedAt };
  const milestones = entries.filter((e) => e.type === 'TransplantMilestoneRecorded');
  const infusion = milestones.find((e) => e.data['milestone'] === 'STEM_CELL_INFUSION');
  if (infusion) return { kind: 'TRANSPLANT', dayAfterInfusion: daysBetweenDates(localDate(infusion.clinicalTime, zone), today), infusionAt: infusion.clinicalTime };
  if (current && protocol) {
    return {
      kind: 'DEXAMETHASONE_CYCLE',
      cycleNumber: current.cycleNumber,
      cycleDay: daysBetweenDates(localDate(current.cycleStartedAt, zone), today) + 1,
      cycleLengthDays: protocol.dexamethasone.cycleLengthDays,
      cycleStartedAt: current.cycleStartedAt,
    };
  }
  const last = milestones.at(-1);
  if (last) return { kind: 'PRE_TRANSPLANT', lastMilestone: String(last.data['milestone']), lastMilestoneAt: last.clinicalTime };
  return { kind: 'NOT_STARTED' };
}
