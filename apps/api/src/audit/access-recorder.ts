import { Inject, Injectable } from '@nestjs/common';
import { actingRole } from '@poems/auth';
import type { Infrastructure } from '@poems/runtime';
import type { RequestContext } from '../http/request-context';
import { INFRASTRUCTURE } from '../platform/tokens';

/**
 * Records reads of identifiable data and every export, refused ones included (HIPAA §164.312(b)).
 * The record is written before the data is sent: if it cannot be written, the read fails.
 */
@Injectable()
export class AccessRecorder {
  constructor(@Inject(INFRASTRUCTURE) private readonly infra: Infrastructure) {}

  async record(ctx: RequestContext, action: string, outcome: number, details: { patientId?: string | null; query?: Record<string, unknown> } = {}): Promise<void> {
    await this.infra.accessLog.record({
      actor: ctx.principal.userId,
      role: actingRole(ctx.principal, ['clinician', 'auditor', 'researcher', 'admin']),
      action,
      patientId: details.patientId ?? null,
      endpoint: `${ctx.method} ${ctx.path.split('?')[0]}`,
      query: details.query ?? {},
      purpose: ctx.purpose,
      outcome,
      correlationId: ctx.correlationId,
    });
  }
}
