import type { MonitoringInput } from './monitoring-protocol';

const MONTHLY = { daysBefore: 14, daysAfter: 14 };
const QUARTERLY = { daysBefore: 42, daysAfter: 42 };

/**
 * poems-seed v1's monitoring (issues 12 and 16). Months count 30 days from the stem cell infusion
 * on Auto-PBSCT, and 28-day cycles from the first thalidomide dose on the other arm, where every
 * visit is a dexamethasone cycle. Open clinical choices are marked as such: a new protocol version
 * changes them.
 */
export const SEED_MONITORING: MonitoringInput = {
  assessmentSchedule: {
    source:
      "Issue 12's schedule (VEGF monthly for six months then every three; immunofixation every three months; nerve conduction and ONLS every six; CT for effusions at 6 and 12 months; CD34+ yield at apheresis), " +
      'as in POEMS follow-up practice (D’Sa S et al. HemaSphere 2022;6:e796). Windows: ±2 weeks for monthly checks, ±6 weeks for the others (open choice)',
    items: [
      { kind: 'VEGF', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { from: 30, every: 30, until: 180 }, window: MONTHLY },
      { kind: 'VEGF', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { from: 270, every: 90 }, window: QUARTERLY },
      { kind: 'M_PROTEIN_IFE', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { from: 90, every: 90 }, window: QUARTERLY },
      { kind: 'ONLS', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { from: 180, every: 180 }, window: QUARTERLY },
      { kind: 'NERVE_CONDUCTION', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { from: 180, every: 180 }, window: QUARTERLY },
      { kind: 'CT_EFFUSION', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { at: [180, 360] }, window: QUARTERLY },
      { kind: 'CD34_YIELD', arm: 'AUTO_PBSCT', phase: 'AT_APHERESIS', days: { at: [0] }, window: { daysBefore: 0, daysAfter: 1 } },
      { kind: 'VEGF', arm: 'THALIDOMIDE_DEXAMETHASONE', phase: 'AFTER_TREATMENT_START', days: { from: 28, every: 28, until: 168 }, window: MONTHLY },
      { kind: 'VEGF', arm: 'THALIDOMIDE_DEXAMETHASONE', phase: 'AFTER_TREATMENT_START', days: { from: 252, every: 84 }, window: QUARTERLY },
      { kind: 'M_PROTEIN_IFE', arm: 'THALIDOMIDE_DEXAMETHASONE', phase: 'AFTER_TREATMENT_START', days: { from: 84, every: 84 }, window: QUARTERLY },
      { kind: 'ONLS', arm: 'THALIDOMIDE_DEXAMETHASONE', phase: 'AFTER_TREATMENT_START', days: { from: 168, every: 168 }, window: QUARTERLY },
      { kind: 'NERVE_CONDUCTION', arm: 'THALIDOMIDE_DEXAMETHASONE', phase: 'AFTER_TREATMENT_START', days: { from: 168, every: 168 }, window: QUARTERLY },
      { kind: 'CT_EFFUSION', arm: 'THALIDOMIDE_DEXAMETHASONE', phase: 'AFTER_TREATMENT_START', days: { at: [168, 336] }, window: QUARTERLY },
    ],
  },
  vegfMonitoring: {
    source:
      'Dispenzieri A. How I treat POEMS syndrome. Blood 2012;119:5650-8 (VEGF response: normalisation, ≥ 50% fall); DOMAIN.md (no agreed relapse threshold; a repeat sample reduces false alarms). ' +
      'Open choices: the six-month window (±28 days, closest result), a repeat within 42 days (the next monthly visit with two weeks to spare), a 50% rise from the nadir, platelets within 3 days',
    responseCheckWindow: { daysBefore: 28, daysAfter: 28, pick: 'CLOSEST' },
    baselineMaxDaysBeforeStart: 90,
    baselineMaxDaysBeforeMobilisation: 90,
    rebound: { confirmWithinDays: 42, riseFromNadirFraction: 0.5, plateletContextDays: 3 },
  },
  engraftment: {
    source:
      'Kharfan-Dabaja MA et al. Transplant Cell Ther 2021;27:642-9 (ASTCT: neutrophil recovery = first of 3 days ANC ≥ 500/µL; platelet recovery = first of 3 days ≥ 20,000/µL without platelet transfusion for 7 days); ' +
      'secondary failure as ANC < 500/µL for 3 days after engraftment (PMC4548938); engraftment syndrome: Spitzer TR, Bone Marrow Transplant 2001;27:893-8 (fever ≥ 38.3 °C without infection, rash, ' +
      'hypoxia/infiltrates, weight ≥ 102.5%) and Maiolino A et al., Bone Marrow Transplant 2003;31:393-7 (non-neutropenic fever); diarrhoea is left out: it is routine after melphalan 200. ' +
      'Open choices: delayed engraftment after day +21, one day of tolerance between recorded and counted dates',
    neutrophil: { ancAtLeastPerUl: 500, consecutiveDays: 3 },
    platelet: { atLeastPerUl: 20000, consecutiveDays: 3, transfusionFreeDays: 7 },
    delayedNeutrophilAfterDay: 21,
    disagreementToleranceDays: 1,
    secondaryFailure: { ancBelowPerUl: 500, consecutiveDays: 3 },
    syndrome: {
      ancAtLeastPerUl: 500,
      ancWithinHours: 48,
      signTerms: ['rash', 'erythroderma', 'pulmonary infiltrate', 'lung infiltrate', 'hypox', 'pulmonary oedema', 'pulmonary edema', 'capillary leak', 'weight gain'],
      infectionTerms: ['infection', 'sepsis', 'septic', 'bacteraemia', 'bacteremia', 'pneumonia', 'cellulitis', 'fungaemia', 'fungemia', 'colitis'],
      weightGainFraction: 0.025,
    },
  },
  febrileNeutropenia: {
    source: 'Freifeld AG et al. Clin Infect Dis 2011;52:e56-93 (IDSA): a single temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over one hour, with ANC < 500/µL. Open choice: ANC within 48 hours of the fever',
    ancBelowPerUl: 500,
    ancWithinHours: 48,
    singleTemperatureC: 38.3,
    sustainedTemperatureC: 38.0,
    sustainedMinutes: 60,
    feverTerms: ['fever', 'pyrexia', 'febrile'],
  },
  transplantSteps: {
    source:
      'DOMAIN.md (apheresis after G-CSF recovery, ~10-14 days after cyclophosphamide; melphalan on days −2/−1, infusion on day 0). Open choices: 21 days, 3 days, and the first treatment step 42 days (Auto-PBSCT mobilisation) or 28 days (first thalidomide dose) after enrolment',
    apheresisDueDaysAfterMobilisation: 21,
    infusionDueDaysAfterConditioning: 3,
    firstTreatmentDueDaysAfterEnrolment: { AUTO_PBSCT: 42, THALIDOMIDE_DEXAMETHASONE: 28 },
  },
  response: {
    source:
      'Dispenzieri A. Blood 2012;119:5650-8 (POEMS response: VEGF complete = normalised, partial = ≥ 50% fall, progression = ≥ 50% rise; haematologic complete = negative immunofixation); ' +
      'clinical by ONLS (Graham RC, Hughes RAC. J Neurol Neurosurg Psychiatry 2006;77:973-6: 1 point) and CMAP amplitude (30%, as neuropathy.cmapDropFraction)',
    baselineWindowDays: 90,
    lateOnlsBaselineDays: 30,
    vegfPartialFallFraction: 0.5,
    vegfProgressionRiseFraction: 0.5,
    onlsChangePoints: 1,
    cmapChangeFraction: 0.3,
  },
};
