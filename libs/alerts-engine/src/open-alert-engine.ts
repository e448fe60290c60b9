import { openCommandHandler } from '@poems/command-pipeline';
import type { AppConfig } from '@poems/config';
import type { Infrastructure } from '@poems/runtime';
import { AlertEngine, type AlertEngineOptions } from './alert-engine';
import { PatientStates } from './evaluation/patient-states';
import type { EngineContext, EngineLogger } from './engine-context';
import { type AlertQueues, closeQueues, openQueues, producerConnection, workerConnection } from './queues';
import { sealPlaintextSecrets, webhookSettingsFrom } from './webhook-subscriptions';

export interface OpenedAlertEngine {
  engine: AlertEngine;
  /** What the engine's handlers run with (tests call them directly). */
  context: EngineContext;
  queues: AlertQueues;
  /** Answers whether Redis answers a PING (within a second). */
  redisAnswers(): Promise<boolean>;
  /** Stops the workers and the sweeper, then closes the queues and both Redis connections. */
  close(): Promise<void>;
}

/**
 * The alert engine as the configuration describes it: a producer connection that fails fast, a
 * blocking one for the workers, the queues, and the engine over the process's infrastructure.
 * Creates the engine's tables; does not start it.
 */
export async function openAlertEngine(options: { config: AppConfig; infra: Infrastructure; logger: EngineLogger; clock?: () => Date; onJobDone?: AlertEngineOptions['onJobDone'] }): Promise<OpenedAlertEngine> {
  const { config, infra } = options;
  const queueConfig = { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX };
  const producer = producerConnection(queueConfig);
  const consumer = workerConnection(queueConfig);
  const queues = openQueues(queueConfig, producer);
  await AlertEngine.migrate({ pool: infra.pool, schema: infra.schema });
  const webhooks = webhookSettingsFrom(config);
  await sealPlaintextSecrets(infra.pool, infra.schema, webhooks.secrets);
  const handler = await openCommandHandler(infra, { clock: options.clock });
  const context: EngineContext = {
    store: infra.rawStore,
    handler,
    pool: infra.pool,
    schema: infra.schema,
    queues,
    patients: new PatientStates(infra.rawStore),
    clock: options.clock ?? (() => new Date()),
    logger: options.logger,
    escalationAfterMs: config.ALERT_ESCALATION_AFTER_MS,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    webhooks,
  };
  const engine = new AlertEngine(context, {
    prefix: config.QUEUE_PREFIX,
    workerConnection: consumer,
    sweepIntervalMs: config.ALERT_SWEEP_INTERVAL_MS,
    lockDurationMs: config.ALERT_JOB_LOCK_MS,
    onJobDone: options.onJobDone,
  });
  return {
    engine,
    context,
    queues,
    redisAnswers: () =>
      Promise.race([producer.ping().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref())]).catch(() => false),
    async close() {
      await engine.stop();
      await closeQueues(queues).catch(() => undefined);
      producer.disconnect();
      consumer.disconnect();
    },
  };
}
