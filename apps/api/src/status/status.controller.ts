import { Controller, Get, Inject } from '@nestjs/common';
import { type AlertQueues, queueCounts } from '@poems/alerts-engine';
import { type ProjectionCatalog, projectionLag } from '@poems/projections';
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
    const [projections, queues] = await Promise.all([projectionLag(this.projections, this.infra.rawStore, now), queueCounts(this.queues)]);
    const head = projections[0]?.head ?? (await this.infra.rawStore.headPosition());
    return { at: now.toISOString(), store: { kind: this.infra.rawStore.kind, head }, projections, queues };
  }
}
