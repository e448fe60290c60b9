import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';

/** What each queue's jobs carry, parsed when a worker takes a job (nothing from Redis is trusted as is). */
/** The most patients one evaluation job carries (a projection batch's patients, split). */
export const MAX_PATIENTS_PER_EVALUATION = 100;

const cause = z.string().min(1).max(200);

/**
 * Evaluate these patients: the patients of one projection batch (one job, one commit for all their
 * evaluations), or one patient (a deadline, the sweeper). A job of the one-patient shape that
 * earlier versions enqueued is read as a list of one.
 */
export const evaluateJobSchema = z.union([
  z.strictObject({
    patientIds: z.array(z.uuid()).min(1).max(MAX_PATIENTS_PER_EVALUATION),
    /** Why: a position of the global order, or a deadline. */
    cause,
  }),
  z.strictObject({ patientId: z.uuid(), cause }).transform(({ patientId, cause }) => ({ patientIds: [patientId], cause })),
]);
export type EvaluateJob = z.output<typeof evaluateJobSchema>;

export const escalateJobSchema = z.strictObject({ alertId: z.uuid(), level: z.number().int().min(1).max(10) });
export type EscalateJob = z.output<typeof escalateJobSchema>;

export const deliverJobSchema = z.strictObject({ deliveryId: z.string().min(1).max(100) });
export type DeliverJob = z.output<typeof deliverJobSchema>;

/** A payload that does not parse will never parse: the job fails for good (no retry), naming why. */
export function parseJob<S extends z.ZodType>(schema: S, queue: string, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`Malformed ${queue} job: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
