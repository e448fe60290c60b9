import { type EvaluateJob, MAX_PATIENTS_PER_EVALUATION } from '../job-payloads';
import { type AlertQueues, jobId } from '../queues';

const EVALUATE_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true } as const;

/**
 * One job per `MAX_PATIENTS_PER_EVALUATION` patients. Job ids derive from the cause, so a duplicate
 * nudge for the same cause is one job: a one-patient job is named by its patient and cause (as the
 * sweeper and a deadline name it), a job of several by the cause (a batch's last position) and its part.
 */
export async function enqueueEvaluation(queues: AlertQueues, patientIds: ReadonlyArray<string>, cause: string, delayMs = 0): Promise<void> {
  const jobs: Array<{ name: string; data: EvaluateJob; opts: object }> = [];
  for (let from = 0; from < patientIds.length; from += MAX_PATIENTS_PER_EVALUATION) {
    const part = patientIds.slice(from, from + MAX_PATIENTS_PER_EVALUATION);
    const id = part.length === 1 ? jobId('evaluate', part[0]!, cause) : jobId('evaluate', 'patients', cause, from / MAX_PATIENTS_PER_EVALUATION);
    jobs.push({ name: 'evaluate', data: { patientIds: part, cause }, opts: { ...EVALUATE_OPTIONS, jobId: id, delay: Math.max(0, delayMs) } });
  }
  if (jobs.length === 1) await queues.evaluate.add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts);
  else if (jobs.length > 1) await queues.evaluate.addBulk(jobs);
}
