import type { IsoTime } from '@poems/kernel';
import { clinicZoneOf, dexamethasoneCycles, labsOf, milestonesOf, treatmentStart, type EnrolmentSummary, type PatientState } from '@poems/patient';
import type { ScheduleInputs, ScheduleResult } from '@poems/protocol';

/** When an apheresis's CD34+ yield became known: with the apheresis, or with the correction that added it. */
function yieldKnownAt(state: PatientState, apheresis: PatientState['milestones'][number]): IsoTime | undefined {
  if (apheresis.cd34PerKg === undefined) return undefined;
  if (!apheresis.original || apheresis.original.cd34PerKg !== undefined) return apheresis.occurredAt;
  return state.corrections[apheresis.eventId]?.[0]?.correctedAt ?? apheresis.occurredAt;
}

/** What the assessment schedule reads, from the folded history. */
export function scheduleInputsOf(state: PatientState, enrolment: EnrolmentSummary): ScheduleInputs {
  const start = treatmentStart(state);
  const startEntry =
    start === undefined
      ? undefined
      : enrolment.arm === 'AUTO_PBSCT'
        ? state.milestones.find((m) => m.milestone === 'STEM_CELL_INFUSION')
        : state.thalidomide.find((t) => t.mgPerDay > 0);
  const labs = (test: 'VEGF' | 'M_PROTEIN_IFE'): ScheduleResult[] => labsOf(state, test).map((l) => ({ id: l.eventId, at: l.collectedAt }));
  const assessed = (kind: 'ONLS' | 'NERVE_CONDUCTION' | 'CT_EFFUSION'): ScheduleResult[] =>
    state.assessments.filter((a) => a.kind === kind).map((a) => ({ id: a.eventId, at: a.assessedAt }));
  // Thalidomide arm: every visit is a dexamethasone cycle (anchored on the regimen's first dose).
  const cycles = enrolment.arm === 'THALIDOMIDE_DEXAMETHASONE' ? dexamethasoneCycles(state).cycles.map(({ dueDate, anchorDate }) => ({ dueDate, anchorDate })) : [];
  return {
    arm: enrolment.arm,
    zone: clinicZoneOf(enrolment),
    ...(start !== undefined && startEntry && { treatmentStart: { id: startEntry.eventId, at: start } }),
    cycles,
    aphereses: milestonesOf(state, 'APHERESIS').map((a) => {
      const known = yieldKnownAt(state, a);
      return { id: a.eventId, at: a.occurredAt, ...(known && { yieldKnownAt: known }) };
    }),
    results: {
      VEGF: labs('VEGF'),
      M_PROTEIN_IFE: labs('M_PROTEIN_IFE'),
      ONLS: assessed('ONLS'),
      NERVE_CONDUCTION: assessed('NERVE_CONDUCTION'),
      CT_EFFUSION: assessed('CT_EFFUSION'),
    },
  };
}
