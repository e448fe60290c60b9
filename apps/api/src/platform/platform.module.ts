import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import { countStatements, createMetricsRegistry, type Infrastructure, instrumentAppends, openInfrastructure } from '@poems/runtime';
import type { Registry } from 'prom-client';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type AlertQueues, closeQueues, openQueues, registerQueueDepths, webhookSettingsFrom, WebhookSubscriptions } from '@poems/alerts-engine';
import { ProjectionCatalog, registerProjectionLag, TimelineSnapshots } from '@poems/projections';
import { openCommandHandler } from '@poems/command-pipeline';
import { APP_CONFIG, CLOCK, type Clock, COMMAND_HANDLER, INFRASTRUCTURE, LOGGER, METRICS, PROJECTIONS, QUEUES, REDIS, TIMELINE_SNAPSHOTS, WEBHOOKS } from './tokens';

export interface PlatformOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
}

/** Opens the shared infrastructure once per process and closes it on shutdown. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: AlertQueues,
  ) {}

  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: LOGGER, useValue: options.logger },
        { provide: CLOCK, useValue: options.clock ?? (() => new Date()) },
        { provide: METRICS, useFactory: () => createMetricsRegistry('api') },
        {
          provide: INFRASTRUCTURE,
          inject: [METRICS],
          useFactory: (registry: Registry) => openInfrastructure(options.config, 'poems-api', { instrument: (store) => instrumentAppends(store, registry), onPool: (pool) => countStatements(pool, registry) }),
        },
        {
          provide: COMMAND_HANDLER,
          inject: [INFRASTRUCTURE],
          useFactory: (infra: Infrastructure) => openCommandHandler(infra, { clock: options.clock }),
        },
        {
          provide: PROJECTIONS,
          inject: [INFRASTRUCTURE, METRICS],
          useFactory: async (infra: Infrastructure, registry: Registry) => {
            const catalog = new ProjectionCatalog(infra.pool, infra.schema);
            await catalog.migrate();
            registerProjectionLag(registry, catalog, infra.rawStore, options.clock);
            return catalog;
          },
        },
        { provide: TIMELINE_SNAPSHOTS, inject: [INFRASTRUCTURE], useFactory: (infra: Infrastructure) => TimelineSnapshots.open(infra.pool, infra.schema) },
        {
          provide: REDIS,
          // Fail fast when Redis is down: the API's commands never depend on it, only health/status do.
          useFactory: () => {
            const redis = new Redis(options.config.REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
            redis.on('error', () => undefined);
            void redis.connect().catch(() => undefined);
            return redis;
          },
        },
        {
          provide: WEBHOOKS,
          inject: [INFRASTRUCTURE],
          useFactory: async (infra: Infrastructure) => {
            // The API may start before the worker: the engine's tables (webhooks) must exist.
            return WebhookSubscriptions.open(infra.pool, infra.schema, webhookSettingsFrom(options.config));
          },
        },
        {
          provide: QUEUES,
          inject: [REDIS, METRICS],
          useFactory: (redis: Redis, registry: Registry) => {
            const queues = openQueues({ redisUrl: options.config.REDIS_URL, prefix: options.config.QUEUE_PREFIX }, redis);
            registerQueueDepths(registry, queues);
            return queues;
          },
        },
      ],
      exports: [APP_CONFIG, LOGGER, CLOCK, INFRASTRUCTURE, COMMAND_HANDLER, REDIS, PROJECTIONS, QUEUES, WEBHOOKS, TIMELINE_SNAPSHOTS, METRICS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await closeQueues(this.queues).catch(() => undefined);
    this.redis.disconnect();
    await this.infrastructure.close();
  }
}
