import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { AlertEngine, type AlertQueues, closeQueues, type EngineContext, openQueues, producerConnection, workerConnection } from '@poems/alerts-engine';
import type { AppConfig } from '@poems/config';
import type { ProjectionDefinition } from '@poems/projections';
import type { Infrastructure } from '@poems/runtime';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER } from './tokens';

/** The alert engine of this worker: BullMQ workers, the sweeper, and its two projections. */
@Injectable()
export class AlertsService implements BeforeApplicationShutdown {
  private readonly producer: Redis;
  private readonly consumer: Redis;
  private readonly queues: AlertQueues;
  readonly engine: AlertEngine;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    const queueConfig = { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX };
    this.producer = producerConnection(queueConfig);
    this.consumer = workerConnection(queueConfig);
    this.queues = openQueues(queueConfig, this.producer);
    const context: EngineContext = {
      store: infra.rawStore,
      pool: infra.pool,
      schema: infra.schema,
      queues: this.queues,
      clock: () => new Date(),
      logger,
      escalationAfterMs: config.ALERT_ESCALATION_AFTER_MS,
      webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    };
    this.engine = new AlertEngine(context, {
      prefix: config.QUEUE_PREFIX,
      workerConnection: this.consumer,
      sweepIntervalMs: config.ALERT_SWEEP_INTERVAL_MS,
      lockDurationMs: config.ALERT_JOB_LOCK_MS,
    });
  }

  /** Creates the engine's tables, then starts its workers; its projections are started with the others. */
  async start(): Promise<ProjectionDefinition[]> {
    await AlertEngine.migrate({ pool: this.infra.pool, schema: this.infra.schema });
    this.engine.start();
    return this.engine.projections();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
    await closeQueues(this.queues).catch(() => undefined);
    this.producer.disconnect();
    this.consumer.disconnect();
  }
}
