import { ageAt, clinicDaysBetween, DomainError, type IsoTime } from '@poems/kernel';
import { ageBandFor, bodySurfaceArea, checkThalidomideDose, protocolDexamethasoneDoseMg, roundSignificant, roundTo, withinTolerance, type ProtocolDefinition } from '@poems/protocol';
import { atOrBefore } from './clinical-order';
import { definedOnly } from './command-fields';
import { enrolmentMeasurement } from './enrolment-measurement';
import { patientIdentitySchema } from './enrolment-events';
import { assertNotBeforeEnrolment, assertNotInFuture, clinicZoneOf, protocolFor, type DecideContext } from './decision-rules';
import { assignCycles, cycleRulesOf, type CyclePosition } from './dexamethasone-cycles';
import type { EnrolmentSummary, PatientState } from './state';
import { regimenDexamethasone } from './state-queries';
import type { ChangeThalidomideDose, RecordDexamethasoneDose } from './treatment-commands';
import type { DexamethasoneDoseGivenData, ThalidomideDoseChangedData, ThalidomidePhase } from './treatment-events';

type Body<C> = Omit<C, 'type'>;

/**
 * The body measurement a dose at `time` is calculated from, with the BSA by the protocol's formula,
 * and whether the protocol asks for a newer weight (issue 16 item 11): older than
 * `bodyMeasurement.maxWeightAgeDays` clinic days, or changed by `weightChangeFraction` or more from
 * the weight before it (in POEMS weight carries oedema and falls with response: confirm it).
 */
export function doseBasisAt(state: PatientState, enrolment: EnrolmentSummary, protocol: ProtocolDefinition, time: IsoTime) {
  const earlier = atOrBefore(state.bodyMeasurements, time, (m) => m.measuredAt);
  const m = earlier.at(-1) ?? enrolmentMeasurement(enrolment);
  const previous = earlier.at(-2);
  const rule = protocol.bodyMeasurement;
  const ageDays = clinicDaysBetween(m.measuredAt, time, clinicZoneOf(enrolment));
  const change = previous ? (m.weightKg - previous.weightKg) / previous.weightKg : 0;
  const tooOld = ageDays > rule.maxWeightAgeDays;
  const changed = Math.abs(change) >= rule.weightChangeFraction - 1e-9;
  const stale = [...(tooOld ? (['WEIGHT_TOO_OLD'] as const) : []), ...(changed ? (['WEIGHT_CHANGED'] as const) : [])];
  return definedOnly({
    bodyMeasurementEventId: m.eventId,
    heightCm: m.heightCm,
    weightKg: m.weightKg,
    measuredAt: m.measuredAt,
    bsaM2: bodySurfaceArea(m.heightCm, m.weightKg, protocol.bsaFormula),
    bsaFormula: protocol.bsaFormula,
    basisStale: stale.length > 0 ? stale : undefined,
    weightAgeDays: tooOld ? ageDays : undefined,
    weightChangeFraction: changed ? roundTo(change, 3) : undefined,
  });
}

export interface DoseBand {
  readonly doseFactor: number;
  readonly ageForDoseBand?: number;
  readonly ageForDoseBandBasis?: 'BIRTH_DATE' | 'ENROLMENT_RECORD';
}

/** The first regimen dose (thalidomide > 0 or regimen dexamethasone) at or before a time. */
function firstRegimenDoseAt(state: PatientState, time: IsoTime): IsoTime | undefined {
  const starts = [
    atOrBefore(state.thalidomide, time, (t) => t.effectiveAt).find((t) => t.mgPerDay > 0)?.effectiveAt,
    atOrBefore(regimenDexamethasone(state), time, (d) => d.givenAt)[0]?.givenAt,
  ].filter((t): t is IsoTime => t !== undefined);
  return starts.sort()[0];
}

/**
 * The dose band (the 75-year half dose) for a dose at `time`, judged where the protocol says
 * (issue 16 item 9): at enrolment (recorded then), at the treatment's start, or at each dose's own
 * date when the age is recomputed on treatment. A later date needs the birth date, which the
 * command pipeline reveals for such doses only; when it cannot be read (erased), the enrolment's
 * band is used and the event says so.
 */
export function doseBandAt(state: PatientState, enrolment: EnrolmentSummary, protocol: ProtocolDefinition, time: IsoTime): DoseBand {
  const rule = protocol.ageBoundary;
  if (rule.doseBandJudgedAt === 'ENROLMENT' && !rule.recomputedOnTreatment) return { doseFactor: enrolment.ageBand.doseFactor };
  const birthDate = patientIdentitySchema.safeParse(state.identity).data?.birthDate;
  if (birthDate === undefined) return { doseFactor: enrolment.ageBand.doseFactor, ageForDoseBandBasis: 'ENROLMENT_RECORD' };
  const judgedAt = rule.recomputedOnTreatment ? time : (firstRegimenDoseAt(state, time) ?? time);
  const age = ageAt(birthDate, judgedAt, clinicZoneOf(enrolment));
  return { doseFactor: ageBandFor(protocol, age).doseFactor, ageForDoseBand: age, ageForDoseBandBasis: 'BIRTH_DATE' };
}

/** True when deciding these commands may need the birth date (a protocol that judges age after enrolment). */
export function dosesNeedBirthDate(state: PatientState, commandTypes: ReadonlyArray<string>): boolean {
  if (!state.enrolment) return false;
  const rule = protocolFor(state.enrolment).ageBoundary;
  const judgedLater = rule.doseBandJudgedAt !== 'ENROLMENT' || rule.recomputedOnTreatment;
  return judgedLater && commandTypes.some((type) => type === 'ChangeThalidomideDose' || type === 'RecordDexamethasoneDose' || type === 'CorrectEvent');
}

function thalidomidePhase(mgPerDay: number, previous: number, everGiven: boolean): ThalidomidePhase {
  if (mgPerDay === 0) return 'INTERRUPTION';
  if (previous === 0) return everGiven ? 'RESTART' : 'START';
  return mgPerDay > previous ? 'ESCALATION' : 'REDUCTION';
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
  const band = phase === 'INTERRUPTION' ? undefined : doseBandAt(state, enrolment, protocol, cmd.effectiveAt);
  const check = checkThalidomideDose(protocol, { doseFactor: band?.doseFactor ?? enrolment.ageBand.doseFactor }, phase, cmd.mgPerDay, cmd.reason);
  return definedOnly({
    mgPerDay: cmd.mgPerDay,
    effectiveAt: cmd.effectiveAt,
    reason: cmd.reason,
    previousMgPerDay: previous,
    phase,
    protocolMgPerDay: check.protocolMgPerDay,
    withinTolerance: check.withinTolerance,
    onProtocolArm: enrolment.arm === 'THALIDOMIDE_DEXAMETHASONE',
    documentedReduction: check.documentedReduction ? (true as const) : undefined,
    aboveProtocolMaximum: check.aboveProtocolMaximum ? (true as const) : undefined,
    ageForDoseBand: band?.ageForDoseBand,
    ageForDoseBandBasis: band?.ageForDoseBandBasis,
  });
}

export function deriveDexamethasoneDose(
  cmd: Body<RecordDexamethasoneDose>,
  state: PatientState,
  enrolment: EnrolmentSummary,
  context: DecideContext,
): DexamethasoneDoseGivenData {
  assertNotInFuture(cmd.givenAt, 'givenAt', context);
  assertNotBeforeEnrolment(cmd.givenAt, 'givenAt', enrolment);
  if (cmd.indication === 'SUPPORTIVE') return { doseMg: cmd.doseMg, givenAt: cmd.givenAt, indication: 'SUPPORTIVE' };
  const protocol = protocolFor(enrolment);
  const basis = doseBasisAt(state, enrolment, protocol, cmd.givenAt);
  const band = doseBandAt(state, enrolment, protocol, cmd.givenAt);
  const protocolDoseMg = protocolDexamethasoneDoseMg(protocol, band, basis.bsaM2);
  const earlier = atOrBefore(regimenDexamethasone(state), cmd.givenAt, (d) => d.givenAt).map((d) => d.givenAt);
  const { positions } = assignCycles([...earlier, cmd.givenAt], cycleRulesOf(protocol), clinicZoneOf(enrolment));
  const { cycleNumber, cycleDay, cycleStartedAt } = positions.at(-1) as CyclePosition;
  return definedOnly({
    doseMg: cmd.doseMg,
    givenAt: cmd.givenAt,
    indication: cmd.indication,
    ...basis,
    mgPerM2: roundSignificant(protocol.dexamethasone.mgPerM2 * band.doseFactor),
    doseFactor: band.doseFactor,
    protocolDoseMg,
    withinTolerance: withinTolerance(cmd.doseMg, protocolDoseMg, protocol.doseTolerance),
    cycleNumber,
    cycleDay,
    cycleStartedAt,
    onProtocolArm: enrolment.arm === 'THALIDOMIDE_DEXAMETHASONE',
    ageForDoseBand: band.ageForDoseBand,
    ageForDoseBandBasis: band.ageForDoseBandBasis,
  });
}
