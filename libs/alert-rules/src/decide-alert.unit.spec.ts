import { raiseAlertCommand, type RaiseAlert } from './alert-commands';
import type { AlertEvent } from './alert-events';
import type { AlertFinding } from './alert-finding';
import { decideAlert } from './decide-alert';
import { ALERT_ID, ALERT_PATIENT_ID, givenAlert, raised, RAISED_AT, refusal } from './test-support/alert-stream';

const NOW = '2024-04-02T09:30:00.000Z';
const CLINICIAN = { userId: 'dr-sato', role: 'clinician' };
const raise: RaiseAlert = {
  type: 'RaiseAlert',
  alertId: ALERT_ID,
  patientId: ALERT_PATIENT_ID,
  careTeam: 'haem-a',
  rule: 'DEX_CYCLE_MISSED',
  severity: 'warning',
  episodeKey: 'due:2024-03-30T09:00:00.000Z',
  clinicalTime: '2024-03-30T09:00:00.000Z',
  summary: 'Dexamethasone cycle 2 due 2024-03-30 not started by 2024-04-02',
  evidence: ['00000000-0000-4000-8000-000000000002'],
};
const acknowledge = (outcome: 'accepted' | 'overridden', reason?: string) =>
  ({ type: 'AcknowledgeAlert', alertId: ALERT_ID, by: CLINICIAN, outcome, ...(reason !== undefined && { reason }) }) as const;
const escalate = { type: 'EscalateAlert', alertId: ALERT_ID } as const;
const resolve = { type: 'ResolveAlert', alertId: ALERT_ID, reason: 'CONDITION_CLEARED', detail: 'dexamethasone given 2024-04-03', clinicalTime: '2024-04-03T09:00:00.000Z' } as const;
const acknowledged: AlertEvent = { type: 'AlertAcknowledged', data: { by: CLINICIAN, outcome: 'accepted', acknowledgedAt: NOW } };
const resolved: AlertEvent = { type: 'AlertResolved', data: { resolvedAt: NOW, reason: 'CONDITION_CLEARED', detail: 'cleared' } };

describe('an empty alert stream', () => {
  it('raises the alert, stamped with now', () => {
    const { type: _type, ...fields } = raise;
    expect(decideAlert(raise, givenAlert(), { now: RAISED_AT })).toEqual([
      { type: 'AlertRaised', data: { ...fields, raisedAt: RAISED_AT }, occurredAt: RAISED_AT },
    ]);
  });

  it('refuses to acknowledge, escalate or resolve an alert that does not exist', () => {
    for (const command of [acknowledge('accepted'), escalate, resolve]) {
      expect(refusal(command, givenAlert())).toMatchObject({ code: 'ALERT_NOT_FOUND', kind: 'not_found' });
    }
  });

  it('refuses a malformed alert (unknown rule code)', () => {
    expect(refusal({ ...raise, rule: 'NOT_A_RULE' } as never, givenAlert())).toMatchObject({ code: 'INVALID_COMMAND', kind: 'validation' });
  });
});

describe('an alert already raised', () => {
  it('is never raised twice', () => {
    expect(refusal(raise, givenAlert(raised()))).toMatchObject({ code: 'ALERT_EXISTS', kind: 'conflict' });
  });

  it('refuses a command for another alert id', () => {
    const other = { ...acknowledge('accepted'), alertId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' };
    expect(refusal(other, givenAlert(raised()))).toMatchObject({ code: 'ALERT_ID_MISMATCH', kind: 'validation' });
  });
});

describe('acknowledging an open alert', () => {
  const open = givenAlert(raised('warning'));

  it('records who accepted it and when', () => {
    expect(decideAlert(acknowledge('accepted'), open, { now: NOW })).toEqual([
      { type: 'AlertAcknowledged', data: { by: CLINICIAN, outcome: 'accepted', acknowledgedAt: NOW }, occurredAt: NOW },
    ]);
  });

  it('records an override with its reason', () => {
    const [event] = decideAlert(acknowledge('overridden', ' Dose deferred: infection '), open, { now: NOW });
    expect(event?.data).toEqual({ by: CLINICIAN, outcome: 'overridden', reason: 'Dose deferred: infection', acknowledgedAt: NOW });
  });

  it.each([undefined, '   '])('refuses an override without a reason (%p)', (reason) => {
    expect(refusal(acknowledge('overridden', reason), open)).toMatchObject({ code: 'REASON_REQUIRED', kind: 'validation', field: ['reason'] });
  });

  it('refuses a reason over 500 characters', () => {
    expect(refusal(acknowledge('overridden', 'x'.repeat(501)), open)).toMatchObject({ code: 'INVALID_COMMAND', kind: 'validation' });
    expect(decideAlert(acknowledge('overridden', 'x'.repeat(500)), open, { now: NOW })).toHaveLength(1);
  });
});

describe('an alert already acknowledged', () => {
  it('cannot be acknowledged again', () => {
    expect(refusal(acknowledge('accepted'), givenAlert(raised(), acknowledged))).toMatchObject({ code: 'ALREADY_ACKNOWLEDGED', kind: 'conflict' });
  });

  it('can still be resolved, and keeps its acknowledgement', () => {
    const state = givenAlert(raised(), acknowledged, resolved);
    expect(decideAlert(resolve, givenAlert(raised(), acknowledged), { now: NOW })).toHaveLength(1);
    expect(state).toMatchObject({ status: 'RESOLVED', acknowledged: acknowledged.data, resolved: resolved.data });
  });
});

describe('a resolved alert', () => {
  it('may be acknowledged once, and stays resolved', () => {
    const [event] = decideAlert(acknowledge('accepted'), givenAlert(raised(), resolved), { now: NOW });
    expect(event?.type).toBe('AlertAcknowledged');
    expect(givenAlert(raised(), resolved, event as AlertEvent)).toMatchObject({ status: 'RESOLVED', acknowledged: { outcome: 'accepted' } });
    expect(refusal(acknowledge('accepted'), givenAlert(raised(), resolved, acknowledged))).toMatchObject({ code: 'ALREADY_ACKNOWLEDGED' });
  });

  it('cannot be resolved again', () => {
    expect(refusal(resolve, givenAlert(raised(), resolved))).toMatchObject({ code: 'ALREADY_RESOLVED', kind: 'conflict' });
  });
});

describe('resolving an open alert', () => {
  it('records the reason, the detail and the clinical time it cleared', () => {
    expect(decideAlert(resolve, givenAlert(raised('warning')), { now: NOW })).toEqual([
      {
        type: 'AlertResolved',
        data: { resolvedAt: NOW, reason: 'CONDITION_CLEARED', detail: 'dexamethasone given 2024-04-03', clinicalTime: '2024-04-03T09:00:00.000Z' },
        occurredAt: NOW,
      },
    ]);
  });
});

describe('escalating an unacknowledged critical alert', () => {
  it('records level 1, then level 2, with how long it has been unacknowledged', () => {
    const [first] = decideAlert(escalate, givenAlert(raised()), { now: '2024-04-02T09:15:00.000Z' });
    expect(first).toEqual({
      type: 'AlertEscalated',
      data: { escalatedAt: '2024-04-02T09:15:00.000Z', unacknowledgedForMs: 900_000, level: 1 },
      occurredAt: '2024-04-02T09:15:00.000Z',
    });
    const [second] = decideAlert(escalate, givenAlert(raised(), first as AlertEvent), { now: '2024-04-02T10:00:00.000Z' });
    expect(second?.data).toEqual({ escalatedAt: '2024-04-02T10:00:00.000Z', unacknowledgedForMs: 3_600_000, level: 2 });
  });
});

describe('alerts that cannot be escalated', () => {
  it.each([
    ['a warning', givenAlert(raised('warning'))],
    ['an acknowledged critical alert', givenAlert(raised(), acknowledged)],
    ['a resolved critical alert', givenAlert(raised(), resolved)],
  ])('%s is refused', (_case, state) => {
    expect(refusal(escalate, state)).toMatchObject({ code: 'NOT_ESCALATABLE', kind: 'conflict' });
  });
});

describe('a finding to raise', () => {
  it('becomes a RaiseAlert with the alert’s id, patient and care team', () => {
    const finding: AlertFinding = {
      rule: 'DEX_CYCLE_MISSED',
      severity: 'warning',
      episodeKey: 'due:2024-03-30T09:00:00.000Z',
      clinicalTime: '2024-03-30T09:00:00.000Z',
      summary: 'Dexamethasone cycle 2 due 2024-03-30 not started by 2024-04-02',
      evidence: ['00000000-0000-4000-8000-000000000002'],
      active: true,
    };
    expect(raiseAlertCommand(finding, { alertId: ALERT_ID, patientId: ALERT_PATIENT_ID, careTeam: 'haem-a' })).toEqual(raise);
  });
});
