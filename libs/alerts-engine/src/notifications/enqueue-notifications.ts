import { type AlertQueues, jobId } from '../queues';

const DELIVERY_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: true } as const;

export async function enqueueDelivery(queues: AlertQueues, deliveryId: string): Promise<void> {
  await queues.deliver.add('deliver', { deliveryId }, { ...DELIVERY_OPTIONS, jobId: jobId('deliver', deliveryId) });
}

export async function enqueueEscalation(queues: AlertQueues, alertId: string, level: number, delayMs: number): Promise<void> {
  await queues.escalate.add(
    'escalate',
    { alertId, level },
    { jobId: jobId('escalate', alertId, level), delay: Math.max(0, delayMs), attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true },
  );
}
