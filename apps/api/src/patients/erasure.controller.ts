import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { rolesFor } from '@poems/auth';
import { type CommandHandler, PATIENT_STREAM } from '@poems/command-pipeline';
import { erasePatientIdentityBodySchema } from '@poems/patient';
import { documentRoute } from '../docs/route-docs';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { COMMAND_HANDLER } from '../platform/tokens';
import { commandContext } from './command-headers';
import { commandResult } from './command-result';
import { commandFromBody } from './patient-commands.controller';

const ERASURE = documentRoute({
  method: 'POST',
  path: '/v1/patients/{patientId}/erasure',
  summary: "Erase a patient's identity (GDPR art. 17) by destroying their data key",
  description:
    'Records a PatientIdentityErased event (who, when, why), then destroys the per-patient data key: name, MRN and birth date ' +
    'become unreadable everywhere, while clinical data, alerts, research views and the hash chain stay intact. Irreversible. ' +
    'An ErasePatientIdentity line of POST /v1/import has the same effect: the key is destroyed whichever way the command arrives.',
  tag: 'Patient commands',
  roles: [...rolesFor('patient.erase')],
  body: erasePatientIdentityBodySchema,
  responses: { 201: 'Identity erased', 400: 'A reason is required', 403: 'Admins only', 404: 'Unknown patient', 409: 'Already erased' },
});

@Controller()
@Roles(...rolesFor('patient.erase'))
export class ErasureController {
  constructor(@Inject(COMMAND_HANDLER) private readonly handler: CommandHandler) {}

  @Post(ERASURE.nestPath)
  @HttpCode(201)
  async erase(@Param('patientId') patientId: string, @Body() body: unknown, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    const outcome = await this.handler.handle(PATIENT_STREAM, commandFromBody('ErasePatientIdentity', patientId, body), commandContext(ctx, headers));
    return { ...commandResult(patientId, outcome), keyDestroyed: outcome.effects.includes('data-key-destroyed') };
  }
}
