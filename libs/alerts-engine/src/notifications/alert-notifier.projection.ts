import type { StoredEvent } from '@poems/event-store';
import { type ProjectionDefinition, toListItem } from '@poems/projections';
import { derivedUuid } from '@poems/event-store';
import { loadAlerts } from '@poems/runtime';
import type { EngineContext } from '../engine-context';
import { enqueueDelivery, enqueueEscalation } from './enqueue-notifications';
import { alertIdOfStream } from '@poems/kernel';

export const MAX_ESCALATION_LEVEL = 3;
const NOTIFIED: Record<string, string> = { AlertRaised: 'alert.raised', AlertEscalated: 'alert.escalated', AlertResolved: 'alert.resolved' };

/**
 * Follows the alert streams: records a webhook delivery per subscription of the alert's care team
 * and the escalation due for an unacknowledged critical alert, in the checkpoint's transaction.
 * The jobs are enqueued after commit; the sweeper covers a Redis outage.
 */
export function alertNotifierProjection(ctx: EngineContext): ProjectionDefinition {
  return {
    name: 'alert-notifier',
    version: 1,
    tables: [],
    handles: (event) => alertIdOfStream(event.streamId) !== undefined && event.type in NOTIFIED,
    async apply(context, events) {
      // Per batch, not per event: the alerts' states in one read, the care teams' subscriptions in one query.
      const alerts = await loadAlerts(ctx.store, [...new Set(events.map((event) => alertIdOfStream(event.streamId)!))]);
      const teams = [...new Set([...alerts.values()].flatMap(({ state }) => (state.status === 'NONE' ? [] : [state.careTeam])))];
      const subscribed = new Map<string, string[]>();
      if (teams.length > 0) {
        const { rows } = await context.client.query<{ subscription_id: string; care_team: string }>(
          `SELECT subscription_id::text, care_team FROM ${ctx.schema}.webhook_subscriptions WHERE care_team = ANY($1::text[]) AND active ORDER BY created_at, subscription_id`,
          [teams],
        );
        for (const row of rows) subscribed.set(row.care_team, [...(subscribed.get(row.care_team) ?? []), row.subscription_id]);
      }
      const deliveries: object[] = [];
      const escalations: object[] = [];
      for (const event of events) {
        const alertId = alertIdOfStream(event.streamId)!;
        const { state } = alerts.get(alertId)!;
        if (state.status === 'NONE') continue;
        const payload = {
          event: NOTIFIED[event.type],
          eventId: event.eventId,
          occurredAt: event.recordedAt,
          alert: toListItem(state),
        };
        for (const subscriptionId of subscribed.get(state.careTeam) ?? []) {
          const deliveryId = derivedUuid(`${subscriptionId}|${event.eventId}`);
          deliveries.push({ deliveryId, subscriptionId, alertId, eventId: event.eventId, eventType: event.type, payload: { ...payload, deliveryId } });
        }
        const level = event.type === 'AlertRaised' ? 1 : event.type === 'AlertEscalated' ? state.escalations.length + 1 : 0;
        if (state.severity === 'critical' && level >= 1 && level <= MAX_ESCALATION_LEVEL && state.status === 'OPEN') {
          escalations.push({ alertId, level, recordedAt: event.recordedAt });
        }
      }
      if (deliveries.length > 0) {
        await context.client.query(
          `INSERT INTO ${ctx.schema}.webhook_deliveries (delivery_id, subscription_id, alert_id, event_id, event_type, payload)
           SELECT (d->>'deliveryId')::uuid, (d->>'subscriptionId')::uuid, (d->>'alertId')::uuid, (d->>'eventId')::uuid, d->>'eventType', d->'payload'
           FROM jsonb_array_elements($1::jsonb) AS d
           ON CONFLICT (delivery_id) DO NOTHING`,
          [JSON.stringify(deliveries)],
        );
      }
      if (escalations.length > 0) {
        await context.client.query(
          `INSERT INTO ${ctx.schema}.alert_escalation_schedule (alert_id, level, due_at)
           SELECT (e->>'alertId')::uuid, (e->>'level')::int, (e->>'recordedAt')::timestamptz + $2 * interval '1 millisecond'
           FROM jsonb_array_elements($1::jsonb) AS e
           ON CONFLICT DO NOTHING`,
          [JSON.stringify(escalations), ctx.escalationAfterMs],
        );
      }
    },
    async afterCommit(events: StoredEvent[]) {
      const eventIds = events.map((event) => event.eventId);
      const deliveries = await ctx.pool.query<{ delivery_id: string }>(
        `SELECT delivery_id::text FROM ${ctx.schema}.webhook_deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'pending'`,
        [eventIds],
      );
      for (const row of deliveries.rows) await enqueueDelivery(ctx.queues, row.delivery_id);
      const alertIds = [...new Set(events.map((event) => alertIdOfStream(event.streamId)!))];
      const escalations = await ctx.pool.query<{ alert_id: string; level: number; due_at: Date }>(
        `SELECT alert_id::text, level, due_at FROM ${ctx.schema}.alert_escalation_schedule WHERE alert_id = ANY($1::uuid[]) AND done_at IS NULL`,
        [alertIds],
      );
      for (const row of escalations.rows) await enqueueEscalation(ctx.queues, row.alert_id, row.level, row.due_at.getTime() - ctx.clock().getTime());
    },
  };
}
