import { defineProtocol } from './protocol-definition';
import { SEED_MONITORING } from './seed-monitoring';

/**
 * The guideline of the source study (Japanese research grant report, 36 patients): Auto-PBSCT up
 * to 65, thalidomide + dexamethasone from 66, half doses of both drugs from 75.
 * Thresholds that the report does not give come from the wider literature summarised in DOMAIN.md.
 */
export const SEED_PROTOCOL = defineProtocol({
  id: 'poems-seed',
  version: 1,
  title: 'POEMS seed guideline: Auto-PBSCT ≤ 65, thalidomide + dexamethasone ≥ 66',
  source: 'Crow-Fukase syndrome research grant report (seed/000_c79febddc4f3ed15.txt); DOMAIN.md',
  ageBands: [
    { minAge: 0, maxAge: 65, arm: 'AUTO_PBSCT', doseFactor: 1 },
    { minAge: 66, maxAge: 74, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 1 },
    { minAge: 75, maxAge: null, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 0.5 },
  ],
  armWhenTransplantIneligible: 'THALIDOMIDE_DEXAMETHASONE',
  thalidomide: { startMgPerDay: 100, escalatedMgPerDay: 200, escalationDay: 14, maxMgPerDay: 400 },
  dexamethasone: { mgPerM2: 12, schedule: { kind: 'SINGLE_DAY' }, cycleLengthDays: 28, graceDays: 3 },
  bsaFormula: 'MOSTELLER',
  doseTolerance: 0.1,
  // Only the study's own assay is listed: other assays' limits belong on the lab result itself.
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
  ...SEED_MONITORING,
});
