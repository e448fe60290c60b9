import { Body, Controller, Inject, Param, Post, HttpCode, Headers } from '@nestjs/common';
import { DomainError } from '@poems/kernel';
import { erasePatientIdentityBodySchema, erasePatientIdentitySchema } from '@poems/patient';
import type { Infrastructure } from '@poems/runtime';
import { documentRoute } from '../docs/route-docs';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { INFRASTRUCTURE } from '../platform/tokens';
import { commandFromBody } from './patient-commands.controller';
import { PatientCommandService } from './patient-command.service';
import { parseIdempotencyKey } from './idempotency';
import { patientIdParam } from './patient-access';

const ERASURE = documentRoute({
  method: 'POST',
  path: '/v1/patients/{patientId}/erasure',
  summary: "Erase a patient's identity (GDPR art. 17) by destroying their data key",
  description:
    'Records a PatientIdentityErased event (who, when, why), then destroys the per-patient data key: name, MRN and birth date ' +
    'become unreadable everywhere, while clinical data, alerts, research views and the hash chain stay intact. Irreversible.',
  tag: 'Patient commands',
  roles: ['admin'],
  body: erasePatientIdentityBodySchema,
  responses: { 201: 'Identity erased', 400: 'A reason is required', 404: 'Unknown patient', 409: 'Already erased' },
});

@Controller()
@Roles('admin')
export class ErasureController {
  constructor(
    private readonly commands: PatientCommandService,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
  ) {}

  @Post(ERASURE.nestPath)
  @HttpCode(201)
  async erase(@Param('patientId') rawId: string, @Body() body: unknown, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    const patientId = parseInput(patientIdParam, rawId, 'patientId');
    const command = commandFromBody('ErasePatientIdentity', patientId, body);
    const { reason } = parseInput(erasePatientIdentitySchema, command);
    try {
      // The fact is recorded first, so a key is never destroyed without a trace of who and why.
      const result = await this.commands.execute(command, {
        principal: ctx.principal,
        correlationId: ctx.correlationId,
        idempotencyKey: parseIdempotencyKey(headers['idempotency-key']),
        reason,
      });
      await this.infra.vault.destroy(patientId, ctx.principal.userId, reason);
      return { ...result, keyDestroyed: true };
    } catch (error) {
      // Recorded earlier but the key destruction did not finish (a crash between the two): finish it.
      if (error instanceof DomainError && error.code === 'IDENTITY_ALREADY_ERASED' && !(await this.infra.vault.isErased(patientId))) {
        await this.infra.vault.destroy(patientId, ctx.principal.userId, reason);
      }
      throw error;
    }
  }
}
