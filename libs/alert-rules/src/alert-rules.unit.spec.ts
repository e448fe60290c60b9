import { initialState } from '@poems/patient';
import { ALERT_RULE_CODES } from './alert-finding';
import { ALERT_RULES, evaluateRules } from './alert-rules';
import { ENROL_AGE_53, ENROL_AGE_69, history, type Command } from './test-support/history';

describe('the rule list', () => {
  it('holds every code once, with its severity and trigger', () => {
    expect(ALERT_RULES.map((r) => [r.code, r.severity, r.trigger])).toEqual([
      ['DEX_CYCLE_MISSED', 'warning', 'TIME'],
      ['VEGF_REBOUND', 'warning', 'EVENT'],
      ['THALIDOMIDE_ESCALATION_DUE', 'info', 'TIME'],
      ['DOSE_OFF_PROTOCOL', 'warning', 'EVENT'],
      ['ARM_MISMATCH', 'warning', 'EVENT'],
      ['NEUROPATHY_WORSENING', 'warning', 'EVENT'],
      ['VEGF_NON_RESPONSE', 'warning', 'TIME'],
      ['PBSCT_MILESTONE_OVERDUE', 'warning', 'TIME'],
      ['GRAFT_FAILURE_RISK', 'critical', 'TIME'],
      ['LOW_CD34_YIELD', 'warning', 'EVENT'],
      ['ENGRAFTMENT_SYNDROME_SUSPECTED', 'critical', 'EVENT'],
      ['BRADYCARDIA', 'warning', 'EVENT'],
      ['FEBRILE_NEUTROPENIA', 'critical', 'EVENT'],
      ['DELAYED_ENGRAFTMENT', 'warning', 'TIME'],
      ['SECONDARY_GRAFT_FAILURE', 'critical', 'EVENT'],
      ['ENGRAFTMENT_DISAGREEMENT', 'info', 'EVENT'],
      ['TREATMENT_NOT_STARTED', 'warning', 'TIME'],
      ['VEGF_REBOUND_SUSPECTED', 'info', 'EVENT'],
      ['ASSESSMENT_OVERDUE', 'warning', 'TIME'],
      ['PREGNANCY_TEST_OVERDUE', 'critical', 'TIME'],
      ['PREGNANCY_TEST_POSITIVE', 'critical', 'EVENT'],
      ['THALIDOMIDE_SUPPLY_EXCEEDED', 'warning', 'EVENT'],
      ['THROMBOPROPHYLAXIS_MISSING', 'warning', 'TIME'],
      ['SEVERE_AE_ON_THALIDOMIDE', 'warning', 'TIME'],
    ]);
    expect(ALERT_RULES.map((r) => r.code)).toEqual([...ALERT_RULE_CODES]);
  });
});

describe('a patient not enrolled', () => {
  it('yields no finding and no deadline', () => {
    expect(evaluateRules(initialState, '2024-06-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a patient with several time-driven rules pending', () => {
  // Clinic in Tokyo. Thalidomide and dexamethasone started 2 March (18:00 JST), aspirin the same day:
  // escalation due 16 March and dexamethasone grace ends 2 April, each at the end of that clinic day.
  const state = history(
    ENROL_AGE_69,
    { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' },
    { type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt: '2024-03-02T09:00:00Z' },
    { type: 'StartThromboprophylaxis', agent: 'ASPIRIN', startedAt: '2024-03-02T09:00:00Z' },
  );

  // The assessment schedule adds the close of each window (first VEGF: day 28 ± 14, closing 13 April).
  it('returns each future deadline once, in time order', () => {
    const { findings, deadlines } = evaluateRules(state, '2024-03-05T00:00:00.000Z');
    expect(findings).toEqual([]);
    expect(deadlines.slice(0, 3)).toEqual(['2024-03-16T15:00:00.000Z', '2024-04-02T15:00:00.000Z', '2024-04-13T15:00:00.000Z']);
    expect(new Set(deadlines).size).toBe(deadlines.length);
  });

  it('drops deadlines that have passed once their rule has fired', () => {
    const { findings, deadlines } = evaluateRules(state, '2024-03-20T00:00:00.000Z');
    expect(findings.map((f) => f.rule)).toEqual(['THALIDOMIDE_ESCALATION_DUE']);
    expect(deadlines.slice(0, 2)).toEqual(['2024-04-02T15:00:00.000Z', '2024-04-13T15:00:00.000Z']);
  });
});

describe('a transplant patient with no finding yet', () => {
  it('returns the conditioning deadline', () => {
    const state = history(ENROL_AGE_53, { type: 'RecordTransplantMilestone', milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00Z', cd34PerKg: 4 } as Command);
    expect(evaluateRules(state, '2024-04-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-04-24T15:00:00.000Z'] });
  });
});
