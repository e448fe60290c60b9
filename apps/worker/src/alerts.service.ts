import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { jobMetrics, type OpenedAlertEngine, openAlertEngine, registerAlertOutcomes, registerQueueDepths } from '@poems/alerts-engine';
import type { Registry } from 'prom-client';
import type { AppConfig } from '@poems/config';
import type { ProjectionDefinition } from '@poems/projections';
import type { Infrastructure } from '@poems/runtime';
import type { Logger } from 'pino';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER, METRICS } from './tokens';

/** The alert engine of this worker: BullMQ workers, the sweeper, and its two projections. */
@Injectable()
export class AlertsService implements BeforeApplicationShutdown {
  private opened?: OpenedAlertEngine;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly registry: Registry,
  ) {}

  /** Creates the engine's tables, then starts its workers; its projections are started with the others. */
  async start(): Promise<ProjectionDefinition[]> {
    this.opened = await openAlertEngine({ config: this.config, infra: this.infra, logger: this.logger, onJobDone: jobMetrics(this.registry) });
    registerQueueDepths(this.registry, this.opened.queues);
    registerAlertOutcomes(this.registry, this.infra.pool, this.infra.schema);
    this.opened.engine.start();
    return this.opened.engine.projections();
  }

  /** Whether Redis answers (false before the engine is open). */
  async redisAnswers(): Promise<boolean> {
    return (await this.opened?.redisAnswers()) ?? false;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.opened?.close();
  }
}
