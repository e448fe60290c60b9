import { DomainError } from '@poems/kernel';
import type { AlertCommandInput } from '../alert-commands';
import type { AlertEvent } from '../alert-events';
import { evolveAlert, initialAlertState, type AlertState } from '../alert-state';
import { decideAlert } from '../decide-alert';

/** Test-only helpers for given(alert events) / when(command) / then(events | error). */

export const ALERT_ID = '3f0c9a52-6d1e-4b7a-9c2d-5e8f1a2b3c4d';
export const ALERT_PATIENT_ID = '6f1c0e2a-4b7d-4c3e-9a8b-2d5e7f9a1b3c';
export const RAISED_AT = '2024-04-02T09:00:00.000Z';

export function givenAlert(...events: AlertEvent[]): AlertState {
  return events.reduce(evolveAlert, initialAlertState);
}

export function raised(severity: 'info' | 'warning' | 'critical' = 'critical'): AlertEvent {
  return {
    type: 'AlertRaised',
    data: {
      alertId: ALERT_ID,
      patientId: ALERT_PATIENT_ID,
      careTeam: 'haem-a',
      rule: severity === 'critical' ? 'GRAFT_FAILURE_RISK' : 'DEX_CYCLE_MISSED',
      severity,
      episodeKey: 'episode-1',
      clinicalTime: '2024-03-30T09:00:00.000Z',
      summary: 'a one-line summary',
      evidence: ['00000000-0000-4000-8000-000000000002'],
      raisedAt: RAISED_AT,
    },
  };
}

/** The DomainError a decision throws (fails the test if it does not throw one). */
export function refusal(command: AlertCommandInput, state: AlertState, now = RAISED_AT): DomainError {
  try {
    decideAlert(command, state, { now });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`Expected ${command.type} to be refused`);
}
