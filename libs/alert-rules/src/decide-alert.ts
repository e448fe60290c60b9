import { assertNever, DomainError, toMs, type IsoTime } from '@poems/kernel';
import { z } from 'zod';
import { alertCommandSchema, type AcknowledgeAlert, type AlertCommandInput, type EscalateAlert, type ResolveAlert } from './alert-commands';
import type { AlertDecidedEvent } from './alert-events';
import type { AlertState, RaisedAlertState } from './alert-state';

export interface AlertDecideContext {
  /** The server's time for this command: the only clock the domain sees. */
  readonly now: IsoTime;
}

function parseCommand(command: AlertCommandInput) {
  const result = alertCommandSchema.safeParse(command);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
  throw new DomainError('INVALID_COMMAND', z.prettifyError(result.error), 'validation', path);
}

function requireAlert(state: AlertState, alertId: string): RaisedAlertState {
  if (state.status === 'NONE') throw new DomainError('ALERT_NOT_FOUND', `No alert ${alertId}`, 'not_found', ['alertId']);
  if (state.alertId !== alertId) {
    // The caller folded another alert's stream: refuse rather than write into it.
    throw new DomainError('ALERT_ID_MISMATCH', `Command for alert ${alertId} decided on ${state.alertId}`, 'validation', ['alertId']);
  }
  return state;
}

function acknowledge(cmd: AcknowledgeAlert, alert: RaisedAlertState, now: IsoTime): AlertDecidedEvent {
  const reason = cmd.reason === '' ? undefined : cmd.reason;
  if (cmd.outcome === 'overridden' && reason === undefined) {
    throw new DomainError('REASON_REQUIRED', 'Overriding an alert needs a reason', 'validation', ['reason']);
  }
  if (alert.acknowledged) {
    const { by, acknowledgedAt } = alert.acknowledged;
    throw new DomainError('ALREADY_ACKNOWLEDGED', `Alert ${alert.alertId} was acknowledged by ${by.userId} at ${acknowledgedAt}`, 'conflict');
  }
  const data = { by: cmd.by, outcome: cmd.outcome, ...(reason !== undefined && { reason }), acknowledgedAt: now };
  return { type: 'AlertAcknowledged', data, occurredAt: now };
}

function escalate(_cmd: EscalateAlert, alert: RaisedAlertState, now: IsoTime): AlertDecidedEvent {
  if (alert.severity !== 'critical' || alert.status !== 'OPEN') {
    const why = alert.severity !== 'critical' ? `is ${alert.severity}, not critical` : `is ${alert.status.toLowerCase()}`;
    throw new DomainError('NOT_ESCALATABLE', `Alert ${alert.alertId} ${why}`, 'conflict');
  }
  const data = {
    escalatedAt: now,
    unacknowledgedForMs: Math.max(0, toMs(now) - toMs(alert.raisedAt)),
    level: alert.escalations.length + 1,
  };
  return { type: 'AlertEscalated', data, occurredAt: now };
}

function resolve(cmd: ResolveAlert, alert: RaisedAlertState, now: IsoTime): AlertDecidedEvent {
  if (alert.resolved) {
    throw new DomainError('ALREADY_RESOLVED', `Alert ${alert.alertId} was resolved at ${alert.resolved.resolvedAt}`, 'conflict');
  }
  const clinicalTime = cmd.clinicalTime !== undefined && { clinicalTime: cmd.clinicalTime };
  const correction = cmd.correctionEventId !== undefined && { correctionEventId: cmd.correctionEventId };
  const data = { resolvedAt: now, reason: cmd.reason, detail: cmd.detail, ...clinicalTime, ...correction };
  return { type: 'AlertResolved', data, occurredAt: now };
}

/**
 * Decides what a command records on an alert stream, given the folded stream. Pure: time comes in
 * `context.now` (every alert event's occurredAt and timestamp). Throws a DomainError when refused.
 */
export function decideAlert(command: AlertCommandInput, state: AlertState, context: AlertDecideContext): AlertDecidedEvent[] {
  const cmd = parseCommand(command);
  const now = context.now;
  switch (cmd.type) {
    case 'RaiseAlert': {
      if (state.status !== 'NONE') throw new DomainError('ALERT_EXISTS', `Alert ${cmd.alertId} is already raised`, 'conflict', ['alertId']);
      const { type: _type, ...raised } = cmd;
      return [{ type: 'AlertRaised', data: { ...raised, raisedAt: now }, occurredAt: now }];
    }
    case 'AcknowledgeAlert':
      return [acknowledge(cmd, requireAlert(state, cmd.alertId), now)];
    case 'EscalateAlert':
      return [escalate(cmd, requireAlert(state, cmd.alertId), now)];
    case 'ResolveAlert':
      return [resolve(cmd, requireAlert(state, cmd.alertId), now)];
    default:
      return assertNever(cmd, 'alert command');
  }
}
