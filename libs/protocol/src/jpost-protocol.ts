import { defineProtocol } from './protocol-definition';
import { JPOST_MONITORING } from './jpost-monitoring';

/**
 * Dosing of the J-POST trial (Misawa et al., Lancet Neurology 2016): thalidomide 200 mg/day from
 * the start, dexamethasone 12 mg/m²/day on days 1-4 of each 28-day cycle. Arms by age, the 75+
 * halving and the thresholds are those of poems-seed v1, written out in full so that editing one
 * definition can never change another.
 */
export const JPOST_PROTOCOL = defineProtocol({
  id: 'j-post',
  version: 1,
  title: 'J-POST dosing: thalidomide 200 mg/day, dexamethasone 12 mg/m² days 1-4 every 28 days',
  source: 'Misawa S, et al. Lancet Neurol 2016 (J-POST); other values as poems-seed v1',
  ageBands: [
    { minAge: 0, maxAge: 65, arm: 'AUTO_PBSCT', doseFactor: 1 },
    { minAge: 66, maxAge: 74, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 1 },
    { minAge: 75, maxAge: null, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 0.5 },
  ],
  armWhenTransplantIneligible: 'THALIDOMIDE_DEXAMETHASONE',
  thalidomide: { startMgPerDay: 200, escalatedMgPerDay: 200, escalationDay: null, maxMgPerDay: 400 },
  dexamethasone: { mgPerM2: 12, schedule: { kind: 'DAYS', days: [1, 2, 3, 4] }, cycleLengthDays: 28, graceDays: 3 },
  bsaFormula: 'MOSTELLER',
  doseTolerance: 0.1,
  vegf: { defaultUpperLimitPgMl: 600, byAssay: [{ specimen: 'serum', method: 'RIA', upperLimitPgMl: 600 }] },
  transplant: {
    conditioningDueDaysAfterApheresis: 35,
    neutrophilEngraftmentExpectedByDay: 30,
    cd34MinPerKg: 2.0,
    cyclophosphamideGPerM2: 4,
    melphalanMgPerM2: 200,
  },
  vegfResponse: { nonResponseCheckDays: 182, minFallFraction: 0.5 },
  neuropathy: { onlsWorseningPoints: 1, cmapDropFraction: 0.3 },
  bradycardiaBelowBpm: 50,
  engraftmentSyndrome: { feverC: 38.3, windowDaysAroundEngraftment: [-5, 5] },
  // Issues 12 and 16: transplant and VEGF monitoring, written out in full in its own file.
  ...JPOST_MONITORING,
});
