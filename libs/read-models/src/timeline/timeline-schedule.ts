import type { IsoTime } from '@poems/kernel';
import { assignCycles, cycleRulesOf } from '@poems/patient';
import { type Arm, assessmentSchedule, findProtocol, nextDueAssessments, type DueAssessment, type ProtocolDefinition, type ScheduleInputs, type ScheduleResult } from '@poems/protocol';
import { timelineZone } from './timeline-zone';
import type { TimelineEntryRow, TimelinePatientRow } from './timeline-rows';

/** The schedule's inputs from the timeline rows (the rules build the same from the folded state: `scheduleInputsOf`). */
export function scheduleInputsFromTimeline(patient: TimelinePatientRow, entries: ReadonlyArray<TimelineEntryRow>, protocol: ProtocolDefinition): ScheduleInputs {
  const sorted = [...entries].sort((a, b) => (a.clinicalTime < b.clinicalTime ? -1 : a.clinicalTime > b.clinicalTime ? 1 : 0));
  const results = (keep: (e: TimelineEntryRow) => boolean): ScheduleResult[] => sorted.filter(keep).map((e) => ({ id: e.eventId, at: e.clinicalTime }));
  const lab = (test: string) => (e: TimelineEntryRow) => e.type === 'LabResultRecorded' && e.data['test'] === test;
  const assessed = (kind: string) => (e: TimelineEntryRow) => e.type === 'AssessmentRecorded' && e.data['kind'] === kind;
  const milestone = (name: string) => (e: TimelineEntryRow) => e.type === 'TransplantMilestoneRecorded' && e.data['milestone'] === name;
  const arm = patient.arm as Arm;
  const start = arm === 'AUTO_PBSCT' ? sorted.find(milestone('STEM_CELL_INFUSION')) : sorted.find((e) => e.type === 'ThalidomideDoseChanged' && Number(e.data['mgPerDay']) > 0);
  const zone = timelineZone(patient);
  // Thalidomide arm: every visit is a dexamethasone cycle of the regimen (supportive doses are none).
  const regimenDex = sorted.filter((e) => e.type === 'DexamethasoneDoseGiven' && e.data['indication'] !== 'SUPPORTIVE').map((e) => e.clinicalTime);
  const cycles = arm === 'THALIDOMIDE_DEXAMETHASONE' ? assignCycles(regimenDex, cycleRulesOf(protocol), zone).cycles.map(({ dueDate, anchorDate }) => ({ dueDate, anchorDate })) : [];
  return {
    arm,
    zone,
    ...(start && { treatmentStart: { id: start.eventId, at: start.clinicalTime } }),
    cycles,
    aphereses: sorted.filter(milestone('APHERESIS')).map((a) => {
      const known = a.data['cd34PerKg'] === undefined ? undefined : a.original && a.original['cd34PerKg'] === undefined ? a.corrections[0]?.recordedAt : a.clinicalTime;
      return { id: a.eventId, at: a.clinicalTime, ...(known && { yieldKnownAt: known }) };
    }),
    results: {
      VEGF: results(lab('VEGF')),
      M_PROTEIN_IFE: results(lab('M_PROTEIN_IFE')),
      ONLS: results(assessed('ONLS')),
      NERVE_CONDUCTION: results(assessed('NERVE_CONDUCTION')),
      CT_EFFUSION: results(assessed('CT_EFFUSION')),
    },
  };
}

export interface TimelineSchedule {
  /** The time the schedule was judged at (now, or `asOf`). */
  judgedAt: IsoTime;
  /** Per kind, the next assessment due (its window open or still to come). */
  next: DueAssessment[];
  /** Due assessments whose window closed with no result. */
  overdue: DueAssessment[];
  /** Results that came after their window closed (late results count, and say so). */
  late: DueAssessment[];
}

/** The patient's assessment schedule as the timeline shows it (issue 12). */
export function presentSchedule(patient: TimelinePatientRow, entries: ReadonlyArray<TimelineEntryRow>, now: IsoTime): TimelineSchedule {
  const protocol = findProtocol(patient.protocol.id, patient.protocol.version);
  const all = protocol ? assessmentSchedule(protocol, scheduleInputsFromTimeline(patient, entries, protocol), now) : [];
  return {
    judgedAt: now,
    next: nextDueAssessments(all),
    overdue: all.filter((d) => d.status === 'OVERDUE'),
    late: all.filter((d) => d.status === 'DONE_LATE'),
  };
}
