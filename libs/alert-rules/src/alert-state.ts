import { assertNever } from '@poems/kernel';
import type { AlertAcknowledgedData, AlertEscalatedData, AlertEvent, AlertRaisedData, AlertResolvedData } from './alert-events';

export type AlertStatus = 'NONE' | 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface NoAlertState {
  readonly status: 'NONE';
  readonly escalations: ReadonlyArray<AlertEscalatedData>;
}

/**
 * A raised alert. Acknowledgement and resolution are independent facts: an alert acknowledged and
 * then resolved is RESOLVED and keeps `acknowledged`; one resolved first may still be acknowledged.
 */
export interface RaisedAlertState extends AlertRaisedData {
  readonly status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  readonly acknowledged?: AlertAcknowledgedData;
  readonly escalations: ReadonlyArray<AlertEscalatedData>;
  readonly resolved?: AlertResolvedData;
}

export type AlertState = NoAlertState | RaisedAlertState;

export const initialAlertState: AlertState = Object.freeze({ status: 'NONE', escalations: Object.freeze([]) });

/** Folds one alert event (stored or decided). Total: an event that needs a raised alert is ignored before one. */
export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertRaised':
      return { ...event.data, status: 'OPEN', escalations: [] };
    case 'AlertAcknowledged':
      if (state.status === 'NONE') return state;
      return { ...state, status: state.status === 'RESOLVED' ? 'RESOLVED' : 'ACKNOWLEDGED', acknowledged: event.data };
    case 'AlertEscalated':
      if (state.status === 'NONE') return state;
      return { ...state, escalations: [...state.escalations, event.data] };
    case 'AlertResolved':
      if (state.status === 'NONE') return state;
      return { ...state, status: 'RESOLVED', resolved: event.data };
    default:
      return assertNever(event, 'alert event');
  }
}
