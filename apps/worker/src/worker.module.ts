import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import { type Infrastructure, openInfrastructure } from '@poems/runtime';
import type { Logger } from 'pino';
import { AlertsService } from './alerts.service';
import { ProjectionsService } from './projections.service';
import { SealerService } from './sealer.service';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER } from './tokens';

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
        { provide: INFRASTRUCTURE, useFactory: () => openInfrastructure(options.config, 'poems-worker') },
        SealerService,
        ProjectionsService,
        AlertsService,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infra.close();
  }
}
