import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import { countStatements, createMetricsRegistry, type Infrastructure, instrumentAppends, openInfrastructure } from '@poems/runtime';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { AlertsService } from './alerts.service';
import { ProjectionsService } from './projections.service';
import { OpsServerService } from './ops-server.service';
import { SealerService } from './sealer.service';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER, METRICS } from './tokens';

export interface WorkerOptions {
  config: AppConfig;
  logger: Logger;
}

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(INFRASTRUCTURE) private readonly infra: Infrastructure) {}

  static forRoot(options: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS, useFactory: () => createMetricsRegistry('worker') },
        {
          provide: INFRASTRUCTURE,
          inject: [METRICS],
          useFactory: (registry: Registry) => openInfrastructure(options.config, 'poems-worker', { instrument: (store) => instrumentAppends(store, registry), onPool: (pool) => countStatements(pool, registry) }),
        },
        SealerService,
        ProjectionsService,
        AlertsService,
        OpsServerService,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infra.close();
  }
}
