import type { StoredEvent } from '@poems/event-store';
import type { ProjectionDefinition } from '@poems/projections';
import type { AlertQueues } from '../queues';
import { enqueueEvaluation } from './enqueue';
import { patientIdOfStream } from '@poems/kernel';

/**
 * Feeds the event-driven rules from the global order, checkpointed like a projection: each patient
 * event records (in the same transaction as the checkpoint) that its patient needs evaluating,
 * then a job is enqueued after commit. If Redis is down the request is still recorded, and the
 * sweeper enqueues it when Redis returns.
 */
export function alertTriggerProjection(schema: string, queues: AlertQueues): ProjectionDefinition {
  const latestByPatient = (events: StoredEvent[]) => {
    const latest = new Map<string, number>();
    for (const event of events) latest.set(patientIdOfStream(event.streamId)!, event.globalPosition);
    return latest;
  };
  return {
    name: 'alert-trigger',
    version: 1,
    tables: [],
    handles: (event) => patientIdOfStream(event.streamId) !== undefined,
    async apply(context, events) {
      const latest = latestByPatient(events);
      await context.client.query(
        `INSERT INTO ${schema}.alert_evaluation_requests (patient_id, requested_position, requested_at)
         SELECT (r->>'patientId')::uuid, (r->>'position')::bigint, now() FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT (patient_id) DO UPDATE
           SET requested_position = GREATEST(${schema}.alert_evaluation_requests.requested_position, EXCLUDED.requested_position),
               requested_at = now()`,
        [JSON.stringify([...latest].map(([patientId, position]) => ({ patientId, position })))],
      );
    },
    async afterCommit(events) {
      // One job for the batch's patients (however many events each had): one evaluation each, one commit for all.
      const last = events[events.length - 1]!.globalPosition;
      await enqueueEvaluation(queues, [...latestByPatient(events).keys()], `position-${last}`);
    },
  };
}
