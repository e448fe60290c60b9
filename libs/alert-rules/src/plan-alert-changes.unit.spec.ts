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

describe('a resolved alert whose finding a later correction brings back (issue 12)', () => {
  it('opens a new episode: generation 1 of the same rule and episode key', () => {
    const existing = [{ rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'RESOLVED' }] as const;
    expect(planAlertChanges([active], existing)).toEqual({ raise: [{ ...active, generation: 1 }], resolve: [] });
  });

  it('opens generation 2 after generation 1 was resolved too, and nothing while generation 2 is open', () => {
    const resolvedTwice = [
      { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'RESOLVED' },
      { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'RESOLVED', generation: 1 },
      { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'NONE', generation: 2 },
    ] as const;
    expect(planAlertChanges([active], resolvedTwice).raise).toEqual([{ ...active, generation: 2 }]);
    const reopened = [...resolvedTwice.slice(0, 2), { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'OPEN', generation: 2 }] as const;
    expect(planAlertChanges([active], reopened)).toEqual({ raise: [], resolve: [] });
  });

  it('leaves a resolved alert resolved when its finding is back but cleared: a past episode needs no alert', () => {
    const existing = [{ rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, status: 'RESOLVED' }] as const;
    expect(planAlertChanges([cleared], existing)).toEqual({ raise: [], resolve: [] });
  });

  it('resolves an open later generation with its own generation', () => {
    const existing = [
      { rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, status: 'RESOLVED' },
      { rule: 'DEX_CYCLE_MISSED', episodeKey: cleared.episodeKey, status: 'OPEN', generation: 1 },
    ] as const;
    expect(planAlertChanges([cleared], existing).resolve).toEqual([expect.objectContaining({ generation: 1, reason: 'CONDITION_CLEARED' })]);
  });
});

describe('an open alert a correction disproves (issue 12)', () => {
  const raisedAlert = { rule: 'BRADYCARDIA', episodeKey: 'hr-1', status: 'OPEN', raisedAt: '2024-05-01T10:00:00.000Z', evidence: ['hr-1'] } as const;
  const correction = { correctionEventId: 'c-1', correctsEventId: 'hr-1', reason: 'vitals of another patient', recordedAt: '2024-05-02T08:00:00.000Z' };

  it('is resolved with the correction named as the reason', () => {
    expect(planAlertChanges([], [raisedAlert], [correction]).resolve).toEqual([
      {
        rule: 'BRADYCARDIA',
        episodeKey: 'hr-1',
        reason: 'NO_LONGER_SUPPORTED',
        detail: 'disproved by the correction of hr-1 recorded 2024-05-02T08:00:00.000Z: vitals of another patient',
        correctionEventId: 'c-1',
      },
    ]);
  });

  it('prefers a correction of its evidence over a later one of another event', () => {
    const other = { correctionEventId: 'c-2', correctsEventId: 'lab-9', reason: 'unit', recordedAt: '2024-05-03T08:00:00.000Z' };
    expect(planAlertChanges([], [raisedAlert], [correction, other]).resolve[0]).toMatchObject({ correctionEventId: 'c-1' });
  });

  it('names no correction when none was recorded after it was raised (a back-dated event disproved it)', () => {
    const earlier = { ...correction, recordedAt: '2024-04-01T00:00:00.000Z' };
    expect(planAlertChanges([], [raisedAlert], [earlier]).resolve).toEqual([
      { rule: 'BRADYCARDIA', episodeKey: 'hr-1', reason: 'NO_LONGER_SUPPORTED', detail: NO_LONGER_SUPPORTED_DETAIL },
    ]);
  });
});
