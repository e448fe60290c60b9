import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ALL_PROJECTIONS, ProjectionCatalog, rebuildProjection, ProjectionRunner } from '@poems/projections';
import type { Infrastructure } from '@poems/runtime';
import type { Logger } from 'pino';
import { INFRASTRUCTURE, LOGGER } from './tokens';

/**
 * Keeps every projection following the global order. A projection whose code version differs from
 * the stored one is rebuilt first (its old tables keep serving until the swap).
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ProjectionRunner[] = [];
  private starting?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.start().catch((error: unknown) => this.logger.error({ err: error }, 'projections failed to start'));
  }

  private async start(): Promise<void> {
    const catalog = new ProjectionCatalog(this.infra.pool, this.infra.schema);
    await catalog.migrate();
    for (const definition of ALL_PROJECTIONS) {
      if (this.stopping) return;
      const state = await catalog.ensure(definition);
      if (state.version !== definition.version) {
        this.logger.info({ projection: definition.name, from: state.version, to: definition.version }, 'projection version changed: rebuilding');
        await rebuildProjection(catalog, this.infra.rawStore, definition);
      }
      const runner = new ProjectionRunner(catalog, this.infra.rawStore, definition, this.logger, this.infra.config.PROJECTION_BATCH_SIZE);
      this.runners.push(runner);
      runner.start();
      this.logger.info({ projection: definition.name, checkpoint: state.checkpoint }, 'projection running');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.starting;
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}
