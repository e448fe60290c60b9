import type { StoredEvent } from '@poems/event-store';
import { type ProjectionDefinition, toListItem } from '@poems/projections';
import { derivedUuid } from '@poems/event-store';
import { loadAlert } from '@poems/runtime';
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
      for (const event of events) {
        const alertId = alertIdOfStream(event.streamId)!;
        const { state } = await loadAlert(ctx.store, alertId);
        if (state.status === 'NONE') continue;
        const payload = {
          event: NOTIFIED[event.type],
          eventId: event.eventId,
          occurredAt: event.recordedAt,
          alert: toListItem(state),
        };
        const subscriptions = await context.client.query<{ subscription_id: string }>(
          `SELECT subscription_id::text FROM ${ctx.schema}.webhook_subscriptions WHERE care_team = $1 AND active`,
          [state.careTeam],
        );
        for (const { subscription_id } of subscriptions.rows) {
          const deliveryId = derivedUuid(`${subscription_id}|${event.eventId}`);
          await context.client.query(
            `INSERT INTO ${ctx.schema}.webhook_deliveries (delivery_id, subscription_id, alert_id, event_id, event_type, payload)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (delivery_id) DO NOTHING`,
            [deliveryId, subscription_id, alertId, event.eventId, event.type, JSON.stringify({ ...payload, deliveryId })],
          );
        }
        const level = event.type === 'AlertRaised' ? 1 : event.type === 'AlertEscalated' ? state.escalations.length + 1 : 0;
        if (state.severity === 'critical' && level >= 1 && level <= MAX_ESCALATION_LEVEL && state.status === 'OPEN') {
          await context.client.query(
            `INSERT INTO ${ctx.schema}.alert_escalation_schedule (alert_id, level, due_at) VALUES ($1, $2, $3::timestamptz + $4 * interval '1 millisecond')
             ON CONFLICT DO NOTHING`,
            [alertId, level, event.recordedAt, ctx.escalationAfterMs],
          );
        }
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
