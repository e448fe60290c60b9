import type { EngineContext } from './engine-context';
import { enqueueEvaluation } from './evaluation/enqueue';
import { enqueueDelivery, enqueueEscalation } from './notifications/enqueue-notifications';

const BATCH = 500;

/**
 * The safety net: re-enqueues, from PostgreSQL, whatever is still owed — evaluations requested but
 * not done, deadlines that passed, deliveries pending, escalations due. After a Redis outage or a
 * Redis restart that lost its jobs, this is how the work resumes. Job ids make it idempotent.
 */
export async function sweep(ctx: EngineContext): Promise<{ evaluations: number; deadlines: number; deliveries: number; escalations: number }> {
  const now = ctx.clock();
  const s = ctx.schema;
  const [requests, deadlines, deliveries, escalations] = await Promise.all([
    ctx.pool.query<{ patient_id: string; requested_position: string }>(
      `SELECT patient_id::text, requested_position::text FROM ${s}.alert_evaluation_requests
       WHERE requested_position > evaluated_position AND requested_at < now() - interval '2 seconds' ORDER BY requested_at LIMIT ${BATCH}`,
    ),
    ctx.pool.query<{ patient_id: string; due_at: Date }>(`SELECT patient_id::text, due_at FROM ${s}.alert_deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT ${BATCH}`, [now]),
    ctx.pool.query<{ delivery_id: string }>(
      `SELECT delivery_id::text FROM ${s}.webhook_deliveries WHERE status = 'pending' AND updated_at < now() - interval '30 seconds' ORDER BY updated_at LIMIT ${BATCH}`,
    ),
    ctx.pool.query<{ alert_id: string; level: number }>(
      `SELECT alert_id::text, level FROM ${s}.alert_escalation_schedule WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT ${BATCH}`,
      [now],
    ),
  ]);
  for (const row of requests.rows) await enqueueEvaluation(ctx.queues, [row.patient_id], `position-${row.requested_position}`);
  for (const row of deadlines.rows) await enqueueEvaluation(ctx.queues, [row.patient_id], `deadline-${row.due_at.toISOString()}`);
  for (const row of deliveries.rows) await enqueueDelivery(ctx.queues, row.delivery_id);
  for (const row of escalations.rows) await enqueueEscalation(ctx.queues, row.alert_id, row.level, 0);
  return { evaluations: requests.rowCount ?? 0, deadlines: deadlines.rowCount ?? 0, deliveries: deliveries.rowCount ?? 0, escalations: escalations.rowCount ?? 0 };
}
