import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { commandEffectsOf, owedEffectsProjection } from '@poems/command-pipeline';
import type { AppConfig } from '@poems/config';
import { allProjections, ProjectionCatalog, ProjectionGroup, rebuildProjection, registerProjectionLag } from '@poems/projections';
import type { Registry } from 'prom-client';
import type { Infrastructure } from '@poems/runtime';
import type { Logger } from 'pino';
import { AlertsService } from './alerts.service';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER, METRICS } from './tokens';

/**
 * Keeps every projection following the global order, as one group: one read of the order per
 * batch, one transaction for all of them (see ProjectionGroup). A projection whose code version
 * differs from the stored one is rebuilt first (its old tables keep serving until the swap).
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private group?: ProjectionGroup;
  private starting?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
    @Inject(METRICS) private readonly registry: Registry,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.start().catch((error: unknown) => this.logger.error({ err: error }, 'projections failed to start'));
  }

  private async start(): Promise<void> {
    const catalog = new ProjectionCatalog(this.infra.pool, this.infra.schema);
    await catalog.migrate();
    registerProjectionLag(this.registry, catalog, this.infra.rawStore);
    const definitions = [...allProjections(this.config), owedEffectsProjection(commandEffectsOf(this.infra)), ...(await this.alerts.start())];
    for (const definition of definitions) {
      if (this.stopping) return;
      const state = await catalog.ensure(definition);
      if (state.version !== definition.version) {
        this.logger.info({ projection: definition.name, from: state.version, to: definition.version }, 'projection version changed: rebuilding');
        await rebuildProjection(catalog, this.infra.rawStore, definition);
      }
      this.logger.info({ projection: definition.name, checkpoint: (await catalog.state(definition.name))?.checkpoint }, 'projection running');
    }
    if (this.stopping) return;
    this.group = new ProjectionGroup(catalog, this.infra.rawStore, definitions, this.logger, this.infra.config.PROJECTION_BATCH_SIZE);
    this.group.start();
  }

  /** The running group (for metrics), once started. */
  get running(): ProjectionGroup | undefined {
    return this.group;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await this.group?.stop();
  }
}
