import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ProjectionDefinition } from '@poems/projections';
import type { EngineContext } from './engine-context';
import { migrateAlertEngine } from './engine-tables';
import { escalateAlert } from './escalation/escalate-alert';
import { alertTriggerProjection } from './evaluation/alert-trigger.projection';
import pLimit from 'p-limit';
import { EVALUATIONS_IN_FLIGHT, evaluatePatients, type EvaluationSlots } from './evaluation/evaluate-patient';
import { deliverJobSchema, escalateJobSchema, evaluateJobSchema, parseJob } from './job-payloads';
import { alertNotifierProjection } from './notifications/alert-notifier.projection';
import { deliverWebhook, PermanentDeliveryFailure } from './notifications/deliver-webhook';
import { QUEUE_NAMES } from './queues';
import { sweep } from './sweeper';

export interface AlertEngineOptions {
  prefix: string;
  /** A blocking connection for the workers (maxRetriesPerRequest: null). */
  workerConnection: Redis;
  sweepIntervalMs: number;
  /** How long a job's lock lasts: a worker killed mid-job has its job retried after this. */
  lockDurationMs?: number;
  concurrency?: { evaluate?: number; deliver?: number; escalate?: number };
  /** Called for each finished job (for /metrics). */
  onJobDone?: (queue: string, job: Job | undefined, outcome: 'completed' | 'failed') => void;
}

/**
 * The BullMQ side of alerting: workers that evaluate rules, escalate and deliver, plus the
 * sweeper. The two projections it exports (trigger, notifier) are run by the projection runner.
 */
export class AlertEngine {
  private workers: Worker[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  /** Jobs of several patients share the process's evaluation slots with jobs of one. */
  private readonly evaluationSlots: EvaluationSlots;

  constructor(
    private readonly ctx: EngineContext,
    private readonly options: AlertEngineOptions,
  ) {
    this.evaluationSlots = pLimit(options.concurrency?.evaluate ?? EVALUATIONS_IN_FLIGHT);
  }

  static async migrate(ctx: Pick<EngineContext, 'pool' | 'schema'>): Promise<void> {
    await migrateAlertEngine(ctx.pool, ctx.schema);
  }

  projections(): ProjectionDefinition[] {
    return [alertTriggerProjection(this.ctx.schema, this.ctx.queues), alertNotifierProjection(this.ctx)];
  }

  start(): void {
    const common = { connection: this.options.workerConnection, prefix: this.options.prefix, lockDuration: this.options.lockDurationMs ?? 30_000, stalledInterval: Math.min(30_000, this.options.lockDurationMs ?? 30_000) };
    const concurrency = this.options.concurrency ?? {};
    this.workers = [
      new Worker(QUEUE_NAMES.evaluate, (job) => this.evaluate(job), { ...common, concurrency: concurrency.evaluate ?? EVALUATIONS_IN_FLIGHT }),
      new Worker(QUEUE_NAMES.escalate, (job) => {
        const { alertId, level } = parseJob(escalateJobSchema, QUEUE_NAMES.escalate, job.data);
        return escalateAlert(this.ctx, alertId, level);
      }, { ...common, concurrency: concurrency.escalate ?? 2 }),
      new Worker(QUEUE_NAMES.deliver, (job) => this.deliver(job), { ...common, concurrency: concurrency.deliver ?? 8 }),
    ];
    for (const worker of this.workers) {
      worker.on('failed', (job, error) => {
        this.options.onJobDone?.(worker.name, job, 'failed');
        this.ctx.logger.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed');
      });
      worker.on('completed', (job) => this.options.onJobDone?.(worker.name, job, 'completed'));
      worker.on('error', (error) => this.ctx.logger.warn({ queue: worker.name, err: error.message }, 'queue worker error (Redis unavailable?)'));
    }
    this.sweepTimer = setInterval(() => void this.sweepOnce(), this.options.sweepIntervalMs);
  }

  /** One sweep; exposed so tests and the CLI can run it on demand. */
  sweepOnce(): Promise<unknown> {
    this.sweeping ??= sweep(this.ctx)
      .catch((error: unknown) => this.ctx.logger.warn({ err: (error as Error).message }, 'sweep failed (Redis or PostgreSQL unavailable); will retry'))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * A job of several patients records those that were evaluated; if some failed, the job keeps
   * only those (its data is updated) and fails, so that its retries evaluate them alone.
   */
  private async evaluate(job: Job) {
    const { patientIds, cause } = parseJob(evaluateJobSchema, QUEUE_NAMES.evaluate, job.data);
    const { outcomes, failed } = await evaluatePatients(this.ctx, patientIds, cause, this.evaluationSlots);
    if (failed.length === 0) return Object.fromEntries(outcomes);
    if (failed.length < patientIds.length) await job.updateData({ patientIds: failed.map((f) => f.patientId), cause });
    const reasons = failed.map((f) => `${f.patientId}: ${(f.error as Error).message ?? String(f.error)}`).join('; ');
    throw new Error(`evaluation failed for ${failed.length} of ${patientIds.length} patients (${reasons})`);
  }

  private async deliver(job: Job) {
    const { deliveryId } = parseJob(deliverJobSchema, QUEUE_NAMES.deliver, job.data);
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      return await deliverWebhook(this.ctx, deliveryId, isLastAttempt);
    } catch (error) {
      if (error instanceof PermanentDeliveryFailure) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
