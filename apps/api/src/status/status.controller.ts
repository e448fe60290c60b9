import { Controller, Get, Inject } from '@nestjs/common';
import { type AlertQueues, queueCounts } from '@poems/alerts-engine';
import type { ProjectionCatalog } from '@poems/projections';
import type { Infrastructure } from '@poems/runtime';
import { documentRoute } from '../docs/route-docs';
import { Roles } from '../http/request-context';
import { CLOCK, type Clock, INFRASTRUCTURE, PROJECTIONS, QUEUES } from '../platform/tokens';

const STATUS = documentRoute({
  method: 'GET',
  path: '/v1/status',
  summary: 'How far behind each projection is (checkpoint, head, lag in events and seconds), and each queue’s job counts',
  description: 'lagEvents is the difference of global positions (exact unless positions were skipped by rolled-back writes).',
  tag: 'Meta',
  roles: ['clinician', 'auditor', 'researcher', 'admin'],
  responses: { 200: 'Status' },
});

@Controller()
@Roles('clinician', 'auditor', 'researcher', 'admin')
export class StatusController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(PROJECTIONS) private readonly projections: ProjectionCatalog,
    @Inject(QUEUES) private readonly queues: AlertQueues,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(STATUS.nestPath)
  async status() {
    const now = this.clock();
    const [head, states, queues] = await Promise.all([this.infra.rawStore.headPosition(), this.projections.states(), queueCounts(this.queues)]);
    const projections = await Promise.all(
      states.map(async (state) => {
        const [oldestPending] = await this.infra.rawStore.readAll({ after: state.checkpoint, limit: 1 });
        return {
          name: state.name,
          version: state.version,
          generation: state.generation,
          checkpoint: state.checkpoint,
          head,
          lagEvents: Math.max(0, head - state.checkpoint),
          lagSeconds: oldestPending ? Math.max(0, (now.getTime() - Date.parse(oldestPending.recordedAt)) / 1000) : 0,
          updatedAt: state.updatedAt,
        };
      }),
    );
    return { at: now.toISOString(), store: { kind: this.infra.rawStore.kind, head }, projections, queues };
  }
}
