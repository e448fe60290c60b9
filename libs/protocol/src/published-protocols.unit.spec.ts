import { JPOST_PROTOCOL } from './jpost-protocol';
import { SEED_PROTOCOL } from './seed-protocol';
import type { ProtocolDefinition } from './protocol-definition';

/** Sub-objects added later, each held literally in its own spec (published-monitoring.unit.spec.ts). */
const ADDED_LATER = ['assessmentSchedule', 'vegfMonitoring', 'engraftment', 'febrileNeutropenia', 'transplantSteps', 'response'];
const asFirstPublished = (p: ProtocolDefinition) => Object.fromEntries(Object.entries(p).filter(([key]) => !ADDED_LATER.includes(key)));

/**
 * Published versions are frozen forever: past enrolments are interpreted with them. If one of
 * these tests fails, do not edit the expectation: revert the change and publish a new version.
 */
const thresholds = {
  bsaFormula: 'MOSTELLER',
  doseTolerance: 0.1,
  vegf: { defaultUpperLimitPgMl: 600, byAssay: [{ specimen: 'serum', method: 'RIA', upperLimitPgMl: 600 }] },
  transplant: {
    conditioningDueDaysAfterApheresis: 35,
    neutrophilEngraftmentExpectedByDay: 30,
    cd34MinPerKg: 2,
    cyclophosphamideGPerM2: 4,
    melphalanMgPerM2: 200,
  },
  vegfResponse: { nonResponseCheckDays: 182, minFallFraction: 0.5 },
  neuropathy: { onlsWorseningPoints: 1, cmapDropFraction: 0.3 },
  bradycardiaBelowBpm: 50,
  engraftmentSyndrome: { feverC: 38.3, windowDaysAroundEngraftment: [-5, 5] },
};
const ageBands = [
  { minAge: 0, maxAge: 65, arm: 'AUTO_PBSCT', doseFactor: 1 },
  { minAge: 66, maxAge: 74, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 1 },
  { minAge: 75, maxAge: null, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 0.5 },
];

describe('poems-seed version 1', () => {
  it('is exactly as published', () => {
    expect(asFirstPublished(SEED_PROTOCOL)).toEqual({
      id: 'poems-seed',
      version: 1,
      title: 'POEMS seed guideline: Auto-PBSCT ≤ 65, thalidomide + dexamethasone ≥ 66',
      source: 'Crow-Fukase syndrome research grant report (seed/000_c79febddc4f3ed15.txt); DOMAIN.md',
      ageBands,
      armWhenTransplantIneligible: 'THALIDOMIDE_DEXAMETHASONE',
      thalidomide: { startMgPerDay: 100, escalatedMgPerDay: 200, escalationDay: 14, maxMgPerDay: 400 },
      dexamethasone: { mgPerM2: 12, schedule: { kind: 'SINGLE_DAY' }, cycleLengthDays: 28, graceDays: 3 },
      ...thresholds,
    });
  });
});

describe('j-post version 1', () => {
  it('is exactly as published', () => {
    expect(asFirstPublished(JPOST_PROTOCOL)).toEqual({
      id: 'j-post',
      version: 1,
      title: 'J-POST dosing: thalidomide 200 mg/day, dexamethasone 12 mg/m² days 1-4 every 28 days',
      source: 'Misawa S, et al. Lancet Neurol 2016 (J-POST); other values as poems-seed v1',
      ageBands,
      armWhenTransplantIneligible: 'THALIDOMIDE_DEXAMETHASONE',
      thalidomide: { startMgPerDay: 200, escalatedMgPerDay: 200, escalationDay: null, maxMgPerDay: 400 },
      dexamethasone: { mgPerM2: 12, schedule: { kind: 'DAYS', days: [1, 2, 3, 4] }, cycleLengthDays: 28, graceDays: 3 },
      ...thresholds,
    });
  });
});
