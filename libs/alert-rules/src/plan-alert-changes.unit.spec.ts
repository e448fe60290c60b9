import type { AlertFinding } from './alert-finding';
import { NO_LONGER_SUPPORTED_DETAIL, planAlertChanges } from './plan-alert-changes';

const active: AlertFinding = {
  rule: 'BRADYCARDIA',
  severity: 'warning',
  episodeKey: 'hr-1',
  clinicalTime: '2024-05-01T09:00:00.000Z',
  summary: 'Heart rate 47 bpm on 2024-05-01 on thalidomide 200 mg/day (alert below 50 bpm)',
  evidence: ['hr-1'],
  active: true,
};
const cleared: AlertFinding = {
  rule: 'DEX_CYCLE_MISSED',
  severity: 'warning',
  episodeKey: 'due:2024-05-25T09:00:00.000Z',
  clinicalTime: '2024-05-25T09:00:00.000Z',
  summary: 'Dexamethasone cycle 4 due 2024-05-25 not started by 2024-05-28',
  evidence: ['dex-3'],
  active: false,
  clearedAt: '2024-06-01T09:00:00.000Z',
  clearedBecause: 'dexamethasone given 2024-06-01',
  clearedReason: 'CONDITION_CLEARED',
};
const endedByRegimen: AlertFinding = {
  ...cleared,
  episodeKey: 'due:2024-07-27T09:00:00.000Z',
  clearedAt: '2024-11-01T09:00:00.000Z',
  clearedBecause: 'regimen ended 2024-11-01',
  clearedReason: 'PATIENT_REGIMEN_ENDED',
};

describe('findings of a newly imported history, with no alert yet', () => {
  it('raises every episode, and resolves the past ones at the clinical time they cleared', () => {
    expect(planAlertChanges([active, cleared, endedByRegimen], [])).toEqual({
      raise: [active, cleared, endedByRegimen],
      resolve: [
        { rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, reason: 'CONDITION_CLEARED', detail: 'dexamethasone given 2024-06-01', clinicalTime: '2024-06-01T09:00:00.000Z' },
        { rule: 'DEX_CYCLE_MISSED', episodeKey: endedByRegimen.episodeKey, reason: 'PATIENT_REGIMEN_ENDED', detail: 'regimen ended 2024-11-01', clinicalTime: '2024-11-01T09:00:00.000Z' },
      ],
    });
  });
});

describe('findings that already have their alerts', () => {
  it('changes nothing while they stay as they are (re-import, retry, rebuild)', () => {
    const existing = [
      { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'OPEN' },
      { rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, status: 'RESOLVED' },
    ] as const;
    expect(planAlertChanges([active, cleared], existing)).toEqual({ raise: [], resolve: [] });
  });
});

describe('an open or acknowledged alert whose episode has cleared', () => {
  it.each(['OPEN', 'ACKNOWLEDGED'] as const)('%s: resolves it as CONDITION_CLEARED', (status) => {
    const plan = planAlertChanges([cleared], [{ rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, status }]);
    expect(plan).toEqual({
      raise: [],
      resolve: [{ rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, reason: 'CONDITION_CLEARED', detail: 'dexamethasone given 2024-06-01', clinicalTime: '2024-06-01T09:00:00.000Z' }],
    });
  });
});

describe('an alert whose finding has disappeared (a later or corrected event disproves it)', () => {
  it('resolves it as NO_LONGER_SUPPORTED, unless already resolved', () => {
    const existing = [
      { rule: 'DOSE_OFF_PROTOCOL', episodeKey: 'dex-9', status: 'ACKNOWLEDGED' },
      { rule: 'VEGF_REBOUND', episodeKey: 'vegf-4', status: 'RESOLVED' },
    ] as const;
    expect(planAlertChanges([], existing)).toEqual({
      raise: [],
      resolve: [{ rule: 'DOSE_OFF_PROTOCOL', episodeKey: 'dex-9', reason: 'NO_LONGER_SUPPORTED', detail: NO_LONGER_SUPPORTED_DETAIL }],
    });
  });
});

describe('the same episode key under two rules', () => {
  it('is two alerts', () => {
    const lowYield: AlertFinding = { ...active, rule: 'LOW_CD34_YIELD', episodeKey: 'apheresis-1' };
    const overdue: AlertFinding = { ...active, rule: 'PBSCT_MILESTONE_OVERDUE', episodeKey: 'apheresis-1' };
    expect(planAlertChanges([lowYield, overdue], [{ rule: 'LOW_CD34_YIELD', episodeKey: 'apheresis-1', status: 'OPEN' }]).raise).toEqual([overdue]);
  });
});

describe('a finding whose alert stream was read and found empty (status NONE)', () => {
  it('raises it: a stream that holds nothing is no alert, whatever the inbox says', () => {
    const plan = planAlertChanges([active, cleared], [
      { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'NONE' },
      { rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, status: 'NONE' },
    ]);
    expect(plan.raise).toEqual([active, cleared]);
    expect(plan.resolve).toEqual([expect.objectContaining({ rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, reason: 'CONDITION_CLEARED' })]);
  });
});
