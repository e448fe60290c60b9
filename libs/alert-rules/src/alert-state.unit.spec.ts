import { evolveAlert, initialAlertState } from './alert-state';
import { givenAlert, raised } from './test-support/alert-stream';

const acknowledged = { type: 'AlertAcknowledged', data: { by: { userId: 'u1', role: 'clinician' }, outcome: 'accepted', acknowledgedAt: '2024-04-02T10:00:00.000Z' } } as const;
const escalated = { type: 'AlertEscalated', data: { escalatedAt: '2024-04-02T09:15:00.000Z', unacknowledgedForMs: 900_000, level: 1 } } as const;
const resolved = { type: 'AlertResolved', data: { resolvedAt: '2024-04-03T09:00:00.000Z', reason: 'NO_LONGER_SUPPORTED', detail: 'disproved' } } as const;

describe('an alert stream folded event by event', () => {
  it('goes OPEN → ACKNOWLEDGED → RESOLVED, keeping every fact', () => {
    expect(givenAlert(raised()).status).toBe('OPEN');
    expect(givenAlert(raised(), escalated, acknowledged)).toMatchObject({ status: 'ACKNOWLEDGED', escalations: [escalated.data], acknowledged: acknowledged.data });
    expect(givenAlert(raised(), escalated, acknowledged, resolved)).toMatchObject({
      ...raised().data,
      status: 'RESOLVED',
      escalations: [escalated.data],
      acknowledged: acknowledged.data,
      resolved: resolved.data,
    });
  });

  it('stays RESOLVED when acknowledged after resolution', () => {
    expect(givenAlert(raised(), resolved, acknowledged)).toMatchObject({ status: 'RESOLVED', acknowledged: acknowledged.data });
  });
});

describe('an empty alert stream', () => {
  it('is NONE and ignores events that need a raised alert', () => {
    expect(initialAlertState).toEqual({ status: 'NONE', escalations: [] });
    expect(evolveAlert(initialAlertState, acknowledged)).toBe(initialAlertState);
  });
});
