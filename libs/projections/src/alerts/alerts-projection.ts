import { type AlertState, evolveAlert, initialAlertState, parseAlertEvent } from '@poems/alert-rules';
import type { ApplyContext, ProjectionDefinition } from '../runner/projection-definition';
import { alertIdOfStream } from '@poems/kernel';

/**
 * The alert inbox: one row per alert, folded from its `alert-<id>` stream with the alert domain's
 * own evolve. Columns carry what the inbox filters and sorts on; `state` is the whole fold.
 */
export const ALERTS_PROJECTION: ProjectionDefinition = {
  name: 'alerts',
  version: 1,
  tables: [
    {
      name: 'alert_inbox',
      columns: `alert_id uuid PRIMARY KEY, patient_id uuid NOT NULL, care_team text NOT NULL, rule text NOT NULL, severity text NOT NULL,
        status text NOT NULL, clinical_time timestamptz NOT NULL, raised_at timestamptz NOT NULL, acknowledged_at timestamptz,
        outcome text, escalation_level integer NOT NULL DEFAULT 0, resolved_at timestamptz, state jsonb NOT NULL`,
      indexes: ['(care_team, status, raised_at)', '(patient_id, clinical_time)', '(rule)'],
    },
  ],
  handles: (event) => alertIdOfStream(event.streamId) !== undefined,
  async apply(context, events) {
    const ids = [...new Set(events.map((event) => alertIdOfStream(event.streamId)!))];
    const states = await loadStates(context, ids);
    for (const event of events) {
      const id = alertIdOfStream(event.streamId)!;
      states.set(id, evolveAlert(states.get(id) ?? initialAlertState, parseAlertEvent(event.type, event.schemaVersion, event.data)));
    }
    const rows = [...states.values()].filter((state) => state.status !== 'NONE');
    if (rows.length === 0) return;
    await context.client.query(
      `INSERT INTO ${context.table('alert_inbox')} (alert_id, patient_id, care_team, rule, severity, status, clinical_time, raised_at,
         acknowledged_at, outcome, escalation_level, resolved_at, state)
       SELECT (s->>'alertId')::uuid, (s->>'patientId')::uuid, s->>'careTeam', s->>'rule', s->>'severity', s->>'status',
              (s->>'clinicalTime')::timestamptz, (s->>'raisedAt')::timestamptz, (s->'acknowledged'->>'acknowledgedAt')::timestamptz,
              s->'acknowledged'->>'outcome', jsonb_array_length(s->'escalations'), (s->'resolved'->>'resolvedAt')::timestamptz, s
       FROM jsonb_array_elements($1::jsonb) AS s
       ON CONFLICT (alert_id) DO UPDATE SET status = EXCLUDED.status, acknowledged_at = EXCLUDED.acknowledged_at, outcome = EXCLUDED.outcome,
         escalation_level = EXCLUDED.escalation_level, resolved_at = EXCLUDED.resolved_at, state = EXCLUDED.state`,
      [JSON.stringify(rows)],
    );
  },
};

async function loadStates(context: ApplyContext, ids: string[]): Promise<Map<string, AlertState>> {
  const { rows } = await context.client.query<{ id: string; state: AlertState }>(
    `SELECT alert_id::text AS id, state FROM ${context.table('alert_inbox')} WHERE alert_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.state]));
}

