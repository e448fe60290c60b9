import type { IsoTime } from '@poems/kernel';
import { getProtocol, type ProtocolDefinition } from '@poems/protocol';
import { atOrBefore } from './clinical-order';
import { assignCycles, cycleRulesOf, type CycleInfo, type CyclePosition } from './dexamethasone-cycles';
import { clinicZoneOf } from './decision-rules';
import type { LabTest } from './observation-commands';
import type { AnyFactKind } from './facts/fact-kind';
import { FACT_KINDS, type Fact, type FactEntry } from './facts/fact-registry';
import type { BodyMeasurementEntry, EnrolmentSummary, Entry, LabEntry, MilestoneEntry, PatientState, RegimenDexamethasoneEntry, RegimenEndEntry } from './state';
import type { Milestone } from './treatment-commands';

/** The body measurement in force at a clinical time (enrolment counts as one). */
export function latestBodyMeasurementAt(state: PatientState, time: IsoTime): BodyMeasurementEntry | undefined {
  return atOrBefore(state.bodyMeasurements, time, (m) => m.measuredAt).at(-1);
}

/** Thalidomide mg/day in effect at a clinical time; 0 before the first dose or while interrupted. */
export function thalidomideDoseAt(state: PatientState, time: IsoTime): number {
  return atOrBefore(state.thalidomide, time, (d) => d.effectiveAt).at(-1)?.mgPerDay ?? 0;
}

/** The latest thalidomide dose by clinical time; 0 if none or stopped. */
export function currentThalidomideDose(state: PatientState): number {
  return state.thalidomide.at(-1)?.mgPerDay ?? 0;
}

/** The first (in clinical time) milestone of a kind. */
export function milestoneOf(state: PatientState, milestone: Milestone): MilestoneEntry | undefined {
  return state.milestones.find((m) => m.milestone === milestone);
}

/** Every milestone of a kind, in clinical time (several aphereses make one collection). */
export function milestonesOf(state: PatientState, milestone: Milestone): MilestoneEntry[] {
  return state.milestones.filter((m) => m.milestone === milestone);
}

export function labsOf(state: PatientState, test: LabTest): LabEntry[] {
  return state.labs.filter((l) => l.test === test);
}

/**
 * When treatment started, the zero of "months after treatment": the first thalidomide dose for
 * the thalidomide arm, the stem cell infusion (day 0) for Auto-PBSCT.
 */
export function treatmentStart(state: PatientState): IsoTime | undefined {
  if (!state.enrolment) return undefined;
  return state.enrolment.arm === 'AUTO_PBSCT'
    ? milestoneOf(state, 'STEM_CELL_INFUSION')?.occurredAt
    : state.thalidomide.find((t) => t.mgPerDay > 0)?.effectiveAt;
}

/** The definition the patient was enrolled under (by the recorded id and version). */
export function protocolOf(state: PatientState): ProtocolDefinition | undefined {
  return state.enrolment && getProtocol(state.enrolment.protocol.id, state.enrolment.protocol.version);
}

/** Dexamethasone doses of the regimen (supportive doses excluded: they are no cycle and no arm). */
export function regimenDexamethasone(state: PatientState): RegimenDexamethasoneEntry[] {
  return state.dexamethasone.filter((d): d is RegimenDexamethasoneEntry => d.indication !== 'SUPPORTIVE');
}

/**
 * Regimen dexamethasone doses with their cycles recomputed from the current (corrected, re-sorted)
 * history on the clinic's calendar, and the cycles themselves. A dose's recorded cycleNumber is
 * what was known when it was decided; this is the truth after back-dated entries and corrections.
 */
export function dexamethasoneCycles(state: PatientState): { doses: Array<{ readonly dose: RegimenDexamethasoneEntry } & CyclePosition>; cycles: CycleInfo[] } {
  const protocol = protocolOf(state);
  if (!protocol || !state.enrolment) return { doses: [], cycles: [] };
  const regimen = regimenDexamethasone(state);
  const { positions, cycles } = assignCycles(
    regimen.map((d) => d.givenAt),
    cycleRulesOf(protocol),
    clinicZoneOf(state.enrolment),
  );
  return { doses: regimen.map((dose, i) => ({ dose, ...(positions[i] as CyclePosition) })), cycles };
}

/** A correctable event's current values: the enrolment, the regimen's end, or an entry of a kind of fact. */
export type FoundEntry =
  | { readonly type: 'PatientEnrolled'; readonly entry: EnrolmentSummary }
  | { readonly type: 'RegimenEnded'; readonly entry: RegimenEndEntry }
  | FoundFact<Fact>;
type FoundFact<F> = F extends AnyFactKind ? { readonly type: F['event']; readonly kind: F; readonly entry: FactEntry<F> } : never;

/** The current values of a correctable event of this patient, by its event id. */
export function findEntry(state: PatientState, eventId: string): FoundEntry | undefined {
  if (state.enrolment?.eventId === eventId) return { type: 'PatientEnrolled', entry: state.enrolment };
  if (state.ended?.eventId === eventId) return { type: 'RegimenEnded', entry: state.ended };
  for (const kind of FACT_KINDS) {
    const list = state[kind.stateKey] as ReadonlyArray<Entry<object>>;
    const entry = list.find((e) => e.eventId === eventId && (kind.ownsEntry?.(e as never) ?? true));
    if (entry) return { type: kind.event, kind, entry } as FoundEntry;
  }
  return undefined;
}

/** True when the id is that of an EventCorrected of this patient. */
export function isCorrectionEventId(state: PatientState, eventId: string): boolean {
  return Object.values(state.corrections).some((list) => list.some((c) => c.correctionEventId === eventId));
}
