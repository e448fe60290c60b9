import { DomainError, type IsoTime } from '@poems/kernel';
import {
  bodySurfaceArea,
  protocolDexamethasoneDoseMg,
  protocolThalidomideDose,
  roundSignificant,
  withinTolerance,
  type ProtocolDefinition,
} from '@poems/protocol';
import { atOrBefore } from './clinical-order';
import { definedOnly } from './command-fields';
import { enrolmentMeasurement } from './enrolment-measurement';
import { assertNotBeforeEnrolment, assertNotInFuture, protocolFor, type DecideContext } from './decision-rules';
import { assignCycles, type CyclePosition } from './dexamethasone-cycles';
import type { EnrolmentSummary, PatientState } from './state';
import { latestBodyMeasurementAt } from './state-queries';
import type { ChangeThalidomideDose, RecordDexamethasoneDose } from './treatment-commands';
import type { DexamethasoneDoseGivenData, ThalidomideDoseChangedData, ThalidomidePhase } from './treatment-events';

type Body<C> = Omit<C, 'type'>;

/** The body measurement a dose at `time` is calculated from, with the BSA by the protocol's formula. */
export function doseBasisAt(state: PatientState, enrolment: EnrolmentSummary, protocol: ProtocolDefinition, time: IsoTime) {
  const m = latestBodyMeasurementAt(state, time) ?? enrolmentMeasurement(enrolment);
  return {
    bodyMeasurementEventId: m.eventId,
    heightCm: m.heightCm,
    weightKg: m.weightKg,
    measuredAt: m.measuredAt,
    bsaM2: bodySurfaceArea(m.heightCm, m.weightKg, protocol.bsaFormula),
    bsaFormula: protocol.bsaFormula,
  };
}

function thalidomidePhase(mgPerDay: number, previous: number, everGiven: boolean): ThalidomidePhase {
  if (mgPerDay === 0) return 'INTERRUPTION';
  if (previous === 0) return everGiven ? 'RESTART' : 'START';
  return mgPerDay > previous ? 'ESCALATION' : 'REDUCTION';
}

/**
 * The protocol's dose for a phase. The protocol has only a start and an escalated step, so a
 * reduction or restart is judged against the nearer step (the lower on a tie).
 */
function protocolDoseForPhase(protocol: ProtocolDefinition, enrolment: EnrolmentSummary, phase: ThalidomidePhase, mgPerDay: number): number {
  const start = protocolThalidomideDose(protocol, enrolment.ageBand, 'START');
  const escalated = protocolThalidomideDose(protocol, enrolment.ageBand, 'ESCALATED');
  if (phase === 'INTERRUPTION') return 0;
  if (phase === 'START') return start;
  if (phase === 'ESCALATION') return escalated;
  return Math.abs(escalated - mgPerDay) < Math.abs(start - mgPerDay) ? escalated : start;
}

export function deriveThalidomideDose(
  cmd: Body<ChangeThalidomideDose>,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): ThalidomideDoseChangedData {
  assertNotInFuture(cmd.effectiveAt, 'effectiveAt', context);
  assertNotBeforeEnrolment(cmd.effectiveAt, 'effectiveAt', enrolment);
  const protocol = protocolFor(enrolment);
  const before = atOrBefore(state.thalidomide, cmd.effectiveAt, (d) => d.effectiveAt);
  const previous = before.at(-1)?.mgPerDay ?? 0;
  if (cmd.mgPerDay === previous) {
    throw new DomainError(
      'THALIDOMIDE_DOSE_UNCHANGED',
      `Thalidomide is already ${previous} mg/day at ${cmd.effectiveAt}`,
      'conflict',
      ['mgPerDay'],
    );
  }
  const phase = thalidomidePhase(cmd.mgPerDay, previous, before.some((d) => d.mgPerDay > 0));
  const protocolMgPerDay = protocolDoseForPhase(protocol, enrolment, phase, cmd.mgPerDay);
  const data: ThalidomideDoseChangedData = definedOnly({
    mgPerDay: cmd.mgPerDay,
    effectiveAt: cmd.effectiveAt,
    reason: cmd.reason,
    previousMgPerDay: previous,
    phase,
    protocolMgPerDay,
    withinTolerance: withinTolerance(cmd.mgPerDay, protocolMgPerDay, protocol.doseTolerance),
    onProtocolArm: enrolment.arm === 'THALIDOMIDE_DEXAMETHASONE',
  });
  return data;
}

export function deriveDexamethasoneDose(
  cmd: Body<RecordDexamethasoneDose>,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): DexamethasoneDoseGivenData {
  assertNotInFuture(cmd.givenAt, 'givenAt', context);
  assertNotBeforeEnrolment(cmd.givenAt, 'givenAt', enrolment);
  const protocol = protocolFor(enrolment);
  const basis = doseBasisAt(state, enrolment, protocol, cmd.givenAt);
  const protocolDoseMg = protocolDexamethasoneDoseMg(protocol, enrolment.ageBand, basis.bsaM2);
  const earlier = atOrBefore(state.dexamethasone, cmd.givenAt, (d) => d.givenAt).map((d) => d.givenAt);
  const cycle = assignCycles([...earlier, cmd.givenAt], protocol.dexamethasone.schedule).at(-1) as CyclePosition;
  const data: DexamethasoneDoseGivenData = {
    doseMg: cmd.doseMg,
    givenAt: cmd.givenAt,
    ...basis,
    mgPerM2: roundSignificant(protocol.dexamethasone.mgPerM2 * enrolment.ageBand.doseFactor),
    doseFactor: enrolment.ageBand.doseFactor,
    protocolDoseMg,
    withinTolerance: withinTolerance(cmd.doseMg, protocolDoseMg, protocol.doseTolerance),
    ...cycle,
    onProtocolArm: enrolment.arm === 'THALIDOMIDE_DEXAMETHASONE',
  };
  return data;
}
