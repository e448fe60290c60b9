import type { EventStore } from '@poems/event-store';
import type { ProjectionCatalog } from './projection-catalog';
import type { ProjectionDefinition } from './projection-definition';
import { ProjectionGroup, type RunnerLogger } from './projection-group';

export type { RunnerLogger } from './projection-group';

/**
 * One projection following the global order on its own (a group of one, see ProjectionGroup):
 * each batch applied in one transaction with the checkpoint's advance. The worker runs all its
 * projections as one group instead, sharing the read and the commit.
 */
export class ProjectionRunner {
  private readonly group: ProjectionGroup;

  constructor(catalog: ProjectionCatalog, store: EventStore, definition: ProjectionDefinition, logger?: RunnerLogger, batchSize = 500) {
    this.group = new ProjectionGroup(catalog, store, [definition], logger, batchSize);
  }

  start(): void {
    this.group.start();
  }

  stop(): Promise<void> {
    return this.group.stop();
  }
}
