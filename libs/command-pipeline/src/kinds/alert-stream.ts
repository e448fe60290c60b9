import type { Action, Resource } from '@poems/auth';
import {
  type AlertCommand,
  alertCommandSchema,
  alertEventSchemas,
  type AlertEventType,
  type AlertState,
  alertStreamId,
  decideAlert,
  evolveAlert,
} from '@poems/alert-rules';
import { loadAlert } from '@poems/runtime';
import type { RecordedEvent } from '@poems/kernel';
import type { StreamKind } from '../stream-kind';
import { validationFailed } from './patient-stream';

const ACTIONS: Record<AlertCommand['type'], Action> = {
  RaiseAlert: 'alert.raise',
  AcknowledgeAlert: 'alert.acknowledge',
  EscalateAlert: 'alert.escalate',
  ResolveAlert: 'alert.resolve',
};

/** Alert streams: raised by the engine, acknowledged by care teams. No identity in them. */
export const ALERT_STREAM: StreamKind<AlertState, AlertCommand> = {
  name: 'alert',
  parse(input) {
    const parsed = alertCommandSchema.safeParse(input);
    if (!parsed.success) throw validationFailed(parsed.error);
    return parsed.data;
  },
  streamIdOf: (command) => alertStreamId(command.alertId),
  async load(deps, streamId, commands) {
    const loaded = await loadAlert(deps.rawStore, commands[0]!.alertId);
    return { streamId, state: loaded.state, revision: loaded.revision, stored: loaded.events };
  },
  storeOf: (deps) => deps.rawStore,
  actionOf: (command) => ACTIONS[command.type],
  actionOfType: (type) => ACTIONS[type as AlertCommand['type']],
  resourceOf(command, state): Resource {
    if (command.type === 'RaiseAlert') return { kind: 'global' };
    return { kind: 'alert', careTeam: state.status === 'NONE' ? undefined : state.careTeam };
  },
  decide: (command, state, clock) => decideAlert(command, state, { now: clock.now }),
  evolve: (state, event: RecordedEvent) => evolveAlert(state, event as Parameters<typeof evolveAlert>[1]),
  schemaVersionOf: (type) => alertEventSchemas[type as AlertEventType].schemaVersion,
  reasonOf: (command) => ('reason' in command && typeof command.reason === 'string' ? command.reason : null),
};
