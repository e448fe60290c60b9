import { JPOST_PROTOCOL } from './jpost-protocol';
import { protocolDefinitionSchema } from './protocol-definition';
import { SEED_PROTOCOL } from './seed-protocol';

/**
 * The monitoring sub-objects of the published versions, held literally: a change to a number here
 * changes how every enrolled patient is monitored, so it is a new protocol version, not an edit.
 */
const MONTHLY = { daysBefore: 14, daysAfter: 14 };
const QUARTERLY = { daysBefore: 42, daysAfter: 42 };
const after = (kind: string, arm: string, days: object, window: object) => ({ kind, arm, phase: 'AFTER_TREATMENT_START', days, window });

const monitoring = {
  schedule: [
    after('VEGF', 'AUTO_PBSCT', { from: 30, every: 30, until: 180 }, MONTHLY),
    after('VEGF', 'AUTO_PBSCT', { from: 270, every: 90 }, QUARTERLY),
    after('M_PROTEIN_IFE', 'AUTO_PBSCT', { from: 90, every: 90 }, QUARTERLY),
    after('ONLS', 'AUTO_PBSCT', { from: 180, every: 180 }, QUARTERLY),
    after('NERVE_CONDUCTION', 'AUTO_PBSCT', { from: 180, every: 180 }, QUARTERLY),
    after('CT_EFFUSION', 'AUTO_PBSCT', { at: [180, 360] }, QUARTERLY),
    { kind: 'CD34_YIELD', arm: 'AUTO_PBSCT', phase: 'AT_APHERESIS', days: { at: [0] }, window: { daysBefore: 0, daysAfter: 1 } },
    after('VEGF', 'THALIDOMIDE_DEXAMETHASONE', { from: 28, every: 28, until: 168 }, MONTHLY),
    after('VEGF', 'THALIDOMIDE_DEXAMETHASONE', { from: 252, every: 84 }, QUARTERLY),
    after('M_PROTEIN_IFE', 'THALIDOMIDE_DEXAMETHASONE', { from: 84, every: 84 }, QUARTERLY),
    after('ONLS', 'THALIDOMIDE_DEXAMETHASONE', { from: 168, every: 168 }, QUARTERLY),
    after('NERVE_CONDUCTION', 'THALIDOMIDE_DEXAMETHASONE', { from: 168, every: 168 }, QUARTERLY),
    after('CT_EFFUSION', 'THALIDOMIDE_DEXAMETHASONE', { at: [168, 336] }, QUARTERLY),
  ],
  vegf: {
    responseCheckWindow: { daysBefore: 28, daysAfter: 28, pick: 'CLOSEST' },
    baselineMaxDaysBeforeStart: 90,
    baselineMaxDaysBeforeMobilisation: 90,
    rebound: { confirmWithinDays: 42, riseFromNadirFraction: 0.5, plateletContextDays: 3 },
  },
  engraftment: {
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
  febrileNeutropenia: { ancBelowPerUl: 500, ancWithinHours: 48, singleTemperatureC: 38.3, sustainedTemperatureC: 38, sustainedMinutes: 60, feverTerms: ['fever', 'pyrexia', 'febrile'] },
  transplantSteps: { apheresisDueDaysAfterMobilisation: 21, infusionDueDaysAfterConditioning: 3, firstTreatmentDueDaysAfterEnrolment: { AUTO_PBSCT: 42, THALIDOMIDE_DEXAMETHASONE: 28 } },
  response: { baselineWindowDays: 90, lateOnlsBaselineDays: 30, vegfPartialFallFraction: 0.5, vegfProgressionRiseFraction: 0.5, onlsChangePoints: 1, cmapChangeFraction: 0.3 },
};

describe.each([
  ['poems-seed version 1', SEED_PROTOCOL],
  ['j-post version 1', JPOST_PROTOCOL],
])('the monitoring of %s', (_name, protocol) => {
  it('is exactly as published, each sub-object with its source', () => {
    expect(protocol.assessmentSchedule.items).toEqual(monitoring.schedule);
    const { source: _v, ...vegf } = protocol.vegfMonitoring;
    expect(vegf).toEqual(monitoring.vegf);
    const { source: _e, ...engraftment } = protocol.engraftment;
    expect(engraftment).toEqual(monitoring.engraftment);
    const { source: _f, ...febrile } = protocol.febrileNeutropenia;
    expect(febrile).toEqual(monitoring.febrileNeutropenia);
    const { source: _t, ...steps } = protocol.transplantSteps;
    expect(steps).toEqual(monitoring.transplantSteps);
    const { source: _r, ...response } = protocol.response;
    expect(response).toEqual(monitoring.response);
    for (const part of [protocol.assessmentSchedule, protocol.vegfMonitoring, protocol.engraftment, protocol.febrileNeutropenia, protocol.transplantSteps, protocol.response]) {
      expect(part.source.length).toBeGreaterThan(20);
    }
  });
});

describe('a schedule item that ends before it starts', () => {
  it('is refused when the definition is validated, naming the field', () => {
    const items = [{ kind: 'VEGF', arm: 'AUTO_PBSCT', phase: 'AFTER_TREATMENT_START', days: { from: 90, every: 30, until: 60 }, window: { daysBefore: 1, daysAfter: 1 } }];
    const result = protocolDefinitionSchema.safeParse({ ...SEED_PROTOCOL, assessmentSchedule: { ...SEED_PROTOCOL.assessmentSchedule, items } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('"assessmentSchedule","items",0,"days"');
  });
});
