import type { EvaluateJob } from '../job-payloads';
import { type AlertQueues, jobId } from '../queues';

const EVALUATE_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true } as const;

/** Job ids derive from the cause, so a duplicate nudge for the same cause is one job. */
export async function enqueueEvaluation(queues: AlertQueues, patientId: string, cause: string, delayMs = 0): Promise<void> {
  const job: EvaluateJob = { patientId, cause };
  await queues.evaluate.add('evaluate', job, { ...EVALUATE_OPTIONS, jobId: jobId('evaluate', patientId, cause), delay: Math.max(0, delayMs) });
}
