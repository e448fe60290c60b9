import { JPOST_PROTOCOL } from './jpost-protocol';
import { SEED_PROTOCOL } from './seed-protocol';
import type { ProtocolDefinition } from './protocol-definition';

/** Sub-objects added later, each held literally in its own spec (published-monitoring.unit.spec.ts). */
const ADDED_LATER = ['assessmentSchedule', 'vegfMonitoring', 'engraftment', 'febrileNeutropenia', 'transplantSteps', 'response'];
const asFirstPublished = (p: ProtocolDefinition) => Object.fromEntries(Object.entries(p).filter(([key]) => !ADDED_LATER.includes(key)));

/**
 * Published versions are frozen forever: past enrolments are interpreted with them. If one of
 * these tests fails, do not edit the expectation: revert the change and publish a new version.
 * (Before the first clinical release, issues 12 and 16 amended both definitions in place: no
 * patient had yet been enrolled under them.)
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
const thalidomideArm = {
  thalidomideEscalation: {
    forbiddenFromNeuropathyGrade: 2,
    source: 'Delforge M, et al. Lancet Oncol 2010;11:1086-95 (thalidomide neuropathy: reduce or hold at grade 2, stop at grade 3)',
  },
  dexamethasoneCycles: {
    lateDayToleranceDays: 1,
    source: 'Cycles anchored on the first dose so delays cannot drift; one day late for a dosing day is a choice (J-POST: days 1-4)',
  },
  bodyMeasurement: {
    maxWeightAgeDays: 30,
    weightChangeFraction: 0.1,
    source: 'Kemps S, et al. Eur J Hosp Pharm 2022 (monthly weights; a 10% change calls for a new BSA); POEMS weight carries oedema',
  },
  neuropathyAdverseEvent: { minGrade: 2, source: 'CTCAE v5 peripheral sensory / motor neuropathy grade 2 (limits instrumental ADL); Delforge 2010' },
  safety: {
    pregnancy: {
      assumeChildbearingPotentialBelowAge: 55,
      beforeFirstDose: [
        { fromDaysBefore: 14, toDaysBefore: 10 },
        { fromDaysBefore: 1, toDaysBefore: 0 },
      ],
      duringTreatment: [
        { untilTreatmentDay: 28, intervalDays: 7 },
        { untilTreatmentDay: null, intervalDays: 28 },
      ],
      graceDays: 3,
      afterLastDoseDays: 28,
      followUpDays: 28,
      source:
        'THALOMID REMS (FDA, 2023): negative tests 10-14 days and 24 hours before the first prescription, weekly for 4 weeks, then every 4 weeks, ' +
        'and 4 weeks after stopping; TERMS (Fujimoto, v9) 8.3: tests at intervals of at most 4 weeks and after stopping. ' +
        'Assumed of childbearing potential below 55 unless recorded (issue 12); 3 days of grace match the dexamethasone visit window',
    },
    dispensing: {
      maxDaysSupply: 28,
      negativeTestWithinDays: 7,
      source: 'THALOMID REMS: at most a 28-day supply, no refills, filled within 7 days of the negative test for a patient who can get pregnant; TERMS',
    },
    thromboprophylaxis: {
      graceDays: 3,
      source: 'Palumbo A, et al. Leukemia 2008;22:414-23 (IMWG: aspirin or LMWH from the start of thalidomide with dexamethasone); 3 days of grace is a choice',
    },
    severeAdverseEvent: {
      minGrade: 3,
      actionWithinDays: 2,
      source: 'THALOMID label and CTCAE v5: hold thalidomide for grade 3 or worse toxicity; 2 days to record the hold or reduction is a choice',
    },
  },
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
      eligibility: null,
      ageBoundary: { doseBandJudgedAt: 'ENROLMENT', recomputedOnTreatment: false, source: 'Seed guideline: arms and the 75+ half dose by age at enrolment' },
      thalidomideRange: null,
      ...thalidomideArm,
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
      ageBands: [{ minAge: 0, maxAge: null, arm: 'THALIDOMIDE_DEXAMETHASONE', doseFactor: 1 }],
      armWhenTransplantIneligible: 'THALIDOMIDE_DEXAMETHASONE',
      thalidomide: { startMgPerDay: 200, escalatedMgPerDay: 200, escalationDay: null, maxMgPerDay: 300 },
      dexamethasone: { mgPerM2: 12, schedule: { kind: 'DAYS', days: [1, 2, 3, 4] }, cycleLengthDays: 28, graceDays: 3 },
      ...thresholds,
      eligibility: {
        minAge: 20,
        transplantIneligibleOnly: true,
        source: 'Misawa S, et al. Lancet Neurol 2016: adults (age ≥ 20) with POEMS syndrome ineligible for autotransplantation',
      },
      ageBoundary: { doseBandJudgedAt: 'ENROLMENT', recomputedOnTreatment: false, source: 'J-POST has no dose band by age: the single band is judged at enrolment' },
      thalidomideRange: { minMgPerDay: 100, maxMgPerDay: 300, source: 'Katayama K, et al. BMJ Open 2015 (J-POST protocol): thalidomide 100-300 mg daily' },
      ...thalidomideArm,
    });
  });
});
