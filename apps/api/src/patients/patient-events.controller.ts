import { Controller, Get, Inject, Param, Query } from '@nestjs/common';

import { type Infrastructure, loadPatient, revealIdentities } from '@poems/runtime';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { instantField } from '../http/query-fields';
import { parseInput } from '../http/zod-input';
import { INFRASTRUCTURE } from '../platform/tokens';
import { careTeamOf, patientIdParam, readAccess } from './patient-access';
import { notFound } from '../http/http-problem';
import { patientStreamId } from '@poems/kernel';

export const asOfQuerySchema = z.strictObject({
  asOf: instantField.optional().describe('Show the record as the system held it at this recorded time'),
});

const EVENTS = documentRoute({
  method: 'GET',
  path: '/v1/patients/{patientId}/events',
  summary: "The patient's event stream with metadata (who, when, why), identity decrypted for those allowed",
  description: 'Every read is recorded in the access log. Send `X-Purpose-Of-Use` to record why.',
  tag: 'Patient queries',
  roles: ['clinician', 'auditor', 'admin'],
  query: asOfQuerySchema,
  responses: { 200: 'The stream', 403: 'Not your care team', 404: 'Unknown patient' },
});

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class PatientEventsController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    private readonly access: AccessRecorder,
  ) {}

  @Get(EVENTS.nestPath)
  async events(@Param('patientId') rawId: string, @Query() rawQuery: unknown, @Ctx() ctx: RequestContext) {
    const patientId = parseInput(patientIdParam, rawId, 'patientId');
    const query = parseInput(asOfQuerySchema, rawQuery, 'query');
    const access = readAccess(ctx, await careTeamOf(this.infra.rawStore, patientId));
    if (access.status !== 200) {
      await this.access.record(ctx, 'read-patient-events', access.status, { patientId, query });
      throw access.refusal;
    }
    const loaded = await loadPatient(this.infra.store, patientId, { asOf: query.asOf });
    await this.access.record(ctx, 'read-patient-events', loaded.stored.length ? 200 : 404, { patientId, query });
    if (!loaded.stored.length) throw notFound('PATIENT_NOT_FOUND', `No patient ${patientId} was enrolled as of ${query.asOf}`);
    const events = await revealIdentities(loaded.stored, patientId, this.infra.vault);
    return { patientId, streamId: patientStreamId(patientId), revision: loaded.revision, asOf: query.asOf ?? null, events };
  }
}
