import { Inject, Injectable } from '@nestjs/common';
import { actingRole, type Principal } from '@poems/auth';
import { patientIdOfStream } from '@poems/kernel';
import type { Infrastructure } from '@poems/runtime';
import type { ContextualRequest, RequestContext } from '../http/request-context';
import { INFRASTRUCTURE } from '../platform/tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records reads of identifiable data and every export, refused ones included (HIPAA §164.312(b)).
 * The record is written before the data is sent: if it cannot be written, the read fails.
 */
@Injectable()
export class AccessRecorder {
  constructor(@Inject(INFRASTRUCTURE) private readonly infra: Infrastructure) {}

  async record(ctx: RequestContext, action: string, outcome: number, details: { patientId?: string | null; query?: Record<string, unknown> } = {}): Promise<void> {
    await this.infra.accessLog.record({ ...this.entry(ctx, action, outcome, details.query), patientId: details.patientId ?? null });
  }

  /** A read that showed several patients' data: one entry per patient, so each patient's trail is complete. */
  async recordPatients(ctx: RequestContext, action: string, outcome: number, patientIds: ReadonlyArray<string>, query: Record<string, unknown> = {}): Promise<void> {
    await this.infra.accessLog.recordForPatients(this.entry(ctx, action, outcome, query), patientIds);
  }

  /**
   * A request the guard refused before any handler ran: no token, a refused token (401), or a role
   * that may not call the route (403). The patient it aimed at, when the path names one, is recorded.
   */
  async recordRefusal(request: ContextualRequest, outcome: number, principal: Principal | undefined, code: string): Promise<void> {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const named = typeof params['patientId'] === 'string' ? params['patientId'] : typeof params['streamId'] === 'string' ? patientIdOfStream(params['streamId']) : undefined;
    await this.infra.accessLog.record({
      actor: principal?.userId ?? `unauthenticated@${request.ip}`,
      role: principal ? actingRole(principal, ['clinician', 'auditor', 'researcher', 'admin']) : 'none',
      action: outcome === 401 ? 'refused-authentication' : 'refused-role',
      patientId: named && UUID.test(named) ? named : null,
      endpoint: `${request.method} ${(request.routeOptions?.url ?? request.url.split('?')[0]) as string}`,
      query: { code },
      purpose: null,
      outcome,
      correlationId: request.correlationId ?? String(request.id),
    });
  }

  private entry(ctx: RequestContext, action: string, outcome: number, query: Record<string, unknown> = {}) {
    return {
      actor: ctx.principal.userId,
      role: actingRole(ctx.principal, ['clinician', 'auditor', 'researcher', 'admin']),
      action,
      endpoint: `${ctx.method} ${ctx.path.split('?')[0]}`,
      query,
      purpose: ctx.purpose,
      outcome,
      correlationId: ctx.correlationId,
    };
  }
}
