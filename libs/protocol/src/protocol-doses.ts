import { assertNever, DomainError } from '@poems/kernel';
import type { AgeBand, Arm, ProtocolDefinition } from './protocol-definition';
import { roundTo } from './rounding';

export type ArmReason = 'AGE' | 'TRANSPLANT_INELIGIBLE';
export interface ArmAssignment {
  readonly arm: Arm;
  readonly armReason: ArmReason;
}
export type ThalidomideDoseStep = 'START' | 'ESCALATED';
export type TransplantDrug = 'CYCLOPHOSPHAMIDE' | 'MELPHALAN';

export function ageBandFor(protocol: ProtocolDefinition, age: number): AgeBand {
  const band = protocol.ageBands.find((b) => age >= b.minAge && (b.maxAge === null || age <= b.maxAge));
  if (!band) {
    throw new DomainError('AGE_OUT_OF_RANGE', `No age band of ${protocol.id} v${protocol.version} covers age ${age}`, 'validation', ['birthDate']);
  }
  return band;
}

/**
 * The arm the guideline assigns. A transplant ineligibility reason only matters in a transplant
 * band; for older patients it is recorded by the caller but changes nothing.
 */
export function armFor(protocol: ProtocolDefinition, age: number, transplantIneligibleReason?: string): ArmAssignment {
  const band = ageBandFor(protocol, age);
  const ineligible = transplantIneligibleReason !== undefined && transplantIneligibleReason.trim() !== '';
  if (band.arm === 'AUTO_PBSCT' && ineligible) {
    return { arm: protocol.armWhenTransplantIneligible, armReason: 'TRANSPLANT_INELIGIBLE' };
  }
  // A protocol for transplant-ineligible patients only (J-POST) assigns its arm for that reason, not by age.
  if (ineligible && protocol.eligibility?.transplantIneligibleOnly) return { arm: band.arm, armReason: 'TRANSPLANT_INELIGIBLE' };
  return { arm: band.arm, armReason: 'AGE' };
}

/**
 * Refuses an enrolment the protocol's own eligibility excludes (J-POST: adults from 20 who cannot
 * have a transplant), naming the field at fault.
 */
export function assertEligible(protocol: ProtocolDefinition, age: number, transplantIneligibleReason?: string): void {
  const rule = protocol.eligibility;
  if (!rule) return;
  const name = `${protocol.id} v${protocol.version}`;
  if (age < rule.minAge) {
    throw new DomainError('NOT_ELIGIBLE', `${name} enrols patients from age ${rule.minAge}; this patient is ${age}`, 'validation', ['birthDate']);
  }
  if (rule.transplantIneligibleOnly && (transplantIneligibleReason === undefined || transplantIneligibleReason.trim() === '')) {
    const message = `${name} enrols only patients who cannot have a transplant: give transplantIneligibleReason`;
    throw new DomainError('NOT_ELIGIBLE', message, 'validation', ['transplantIneligibleReason']);
  }
}

/** mg/day for a step of the thalidomide schedule, scaled by the age band's dose factor. */
export function protocolThalidomideDose(protocol: ProtocolDefinition, band: Pick<AgeBand, 'doseFactor'>, step: ThalidomideDoseStep): number {
  switch (step) {
    case 'START':
      return roundTo(protocol.thalidomide.startMgPerDay * band.doseFactor, 2);
    case 'ESCALATED':
      return roundTo(protocol.thalidomide.escalatedMgPerDay * band.doseFactor, 2);
    default:
      return assertNever(step, 'thalidomide dose step');
  }
}

/** mg per dosing day: mg/m² × dose factor × BSA, to 0.01 mg. */
export function protocolDexamethasoneDoseMg(protocol: ProtocolDefinition, band: Pick<AgeBand, 'doseFactor'>, bsaM2: number): number {
  return roundTo(protocol.dexamethasone.mgPerM2 * band.doseFactor * bsaM2, 2);
}

/**
 * Total dose of a transplant drug in mg. No age-band factor: transplant is given only in bands
 * with a factor of 1, and a transplant outside them is flagged as off-arm instead.
 */
export function protocolTransplantDoseMg(protocol: ProtocolDefinition, drug: TransplantDrug, bsaM2: number): number {
  switch (drug) {
    case 'CYCLOPHOSPHAMIDE':
      return roundTo(protocol.transplant.cyclophosphamideGPerM2 * 1000 * bsaM2, 2);
    case 'MELPHALAN':
      return roundTo(protocol.transplant.melphalanMgPerM2 * bsaM2, 2);
    default:
      return assertNever(drug, 'transplant drug');
  }
}

/**
 * |given − expected| ≤ tolerance × expected. The tiny slack keeps a dose exactly on the boundary
 * (e.g. 110 mg against 100 mg at 10%) inside despite binary rounding.
 */
export function withinTolerance(given: number, expected: number, tolerance: number): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(expected));
  return Math.abs(given - expected) <= tolerance * Math.abs(expected) + slack;
}
