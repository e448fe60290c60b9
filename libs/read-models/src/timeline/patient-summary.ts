import { addCalendarDays, daysBetweenDates, type IsoTime, localDate } from '@poems/kernel';
import { assignCycles, cycleRulesOf } from '@poems/patient';
import { findProtocol } from '@poems/protocol';
import type { TimelineEntryRow, TimelinePatientRow } from './timeline-rows';

/** Where a patient stands in their treatment today, counted in the clinic's calendar days. */
export type TreatmentPosition =
  | { kind: 'DEXAMETHASONE_CYCLE'; cycleNumber: number; cycleDay: number; cycleLengthDays: number; cycleStartedAt: IsoTime }
  | { kind: 'TRANSPLANT'; dayAfterInfusion: number; infusionAt: IsoTime }
  | { kind: 'PRE_TRANSPLANT'; lastMilestone: string; lastMilestoneAt: IsoTime }
  | { kind: 'NOT_STARTED' }
  | { kind: 'ENDED'; endedAt: IsoTime };

export interface DueItem {
  what: string;
  /** The clinic-calendar date it is due (YYYY-MM-DD). */
  dueDate: string;
  /** Negative once the date has passed. */
  dueInDays: number;
}

export interface OpenAlertFacts {
  alertId: string;
  rule: string;
  severity: string;
  clinicalTime: IsoTime;
  summary: string;
}

/**
 * Rules that say something scheduled did not happen: what the patient list shows as overdue. The
 * assessment schedules (ASSESSMENT_OVERDUE and friends) arrive as alerts of these kinds too.
 */
export const OVERDUE_RULES: ReadonlySet<string> = new Set(['DEX_CYCLE_MISSED', 'PBSCT_MILESTONE_OVERDUE', 'ASSESSMENT_OVERDUE', 'PREGNANCY_TEST_OVERDUE']);

const SEVERITY_RANK: Record<string, number> = { critical: 3, warning: 2, info: 1 };

/** What a care team's patient list shows of one patient (the identity is added at the edge, by those who may see it). */
export function summarisePatient(patient: TimelinePatientRow, entries: ReadonlyArray<TimelineEntryRow>, openAlerts: ReadonlyArray<OpenAlertFacts>, now: IsoTime, timeZone: string) {
  const sorted = [...entries].sort((a, b) => (a.clinicalTime < b.clinicalTime ? -1 : a.clinicalTime > b.clinicalTime ? 1 : 0));
  const today = localDate(now, timeZone);
  const treatment = treatmentPosition(patient, sorted, today, timeZone);
  const nextDue: DueItem[] = [];
  if (treatment.kind === 'DEXAMETHASONE_CYCLE') {
    const dueDate = addCalendarDays(localDate(treatment.cycleStartedAt, timeZone), treatment.cycleLengthDays);
    nextDue.push({ what: `Dexamethasone, cycle ${treatment.cycleNumber + 1}`, dueDate, dueInDays: daysBetweenDates(today, dueDate) });
  }
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
    status: patient.endedAt ? ('ENDED' as const) : ('ENROLLED' as const),
    treatment,
    openAlerts: { total: openAlerts.length, ...bySeverity, highestSeverity: highest },
    overdue: openAlerts
      .filter((alert) => OVERDUE_RULES.has(alert.rule))
      .map((alert) => ({ alertId: alert.alertId, rule: alert.rule, since: alert.clinicalTime, summary: alert.summary })),
    nextDue,
  };
}

export type PatientSummary = ReturnType<typeof summarisePatient>;

function treatmentPosition(patient: TimelinePatientRow, entries: ReadonlyArray<TimelineEntryRow>, today: string, timeZone: string): TreatmentPosition {
  if (patient.endedAt) return { kind: 'ENDED', endedAt: patient.endedAt };
  const milestones = entries.filter((e) => e.type === 'TransplantMilestoneRecorded');
  const infusion = milestones.find((e) => e.data['milestone'] === 'STEM_CELL_INFUSION');
  if (infusion) return { kind: 'TRANSPLANT', dayAfterInfusion: daysBetweenDates(localDate(infusion.clinicalTime, timeZone), today), infusionAt: infusion.clinicalTime };
  // Regimen doses only: a supportive dose (an antiemetic) is no cycle.
  const doses = entries.filter((e) => e.type === 'DexamethasoneDoseGiven' && e.data['indication'] !== 'SUPPORTIVE');
  const protocol = findProtocol(patient.protocol.id, patient.protocol.version);
  if (doses.length > 0 && protocol) {
    const current = assignCycles(doses.map((dose) => dose.clinicalTime), cycleRulesOf(protocol), timeZone).positions.at(-1)!;
    return {
      kind: 'DEXAMETHASONE_CYCLE',
      cycleNumber: current.cycleNumber,
      cycleDay: daysBetweenDates(localDate(current.cycleStartedAt, timeZone), today) + 1,
      cycleLengthDays: protocol.dexamethasone.cycleLengthDays,
      cycleStartedAt: current.cycleStartedAt,
    };
  }
  const last = milestones.at(-1);
  if (last) return { kind: 'PRE_TRANSPLANT', lastMilestone: String(last.data['milestone']), lastMilestoneAt: last.clinicalTime };
  return { kind: 'NOT_STARTED' };
}


