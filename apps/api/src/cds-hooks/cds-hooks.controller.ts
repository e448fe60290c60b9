import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { authorize, integrationPrincipal, type Principal } from '@poems/auth';
import { ALERT_STREAM, type CommandHandler, type MrnIndex, mrnIndexOf } from '@poems/command-pipeline';
import type { AppConfig } from '@poems/config';
import { DomainError } from '@poems/kernel';
import { patientAlerts } from '@poems/projections';
import type { Infrastructure } from '@poems/runtime';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../http/http-problem';
import { Public } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { careTeamOf } from '../patients/patient-access';
import { APP_CONFIG, COMMAND_HANDLER, INFRASTRUCTURE } from '../platform/tokens';
import { publicOrigin } from '../fhir/fhir-base';
import { MRN_SYSTEM } from '../fhir/mapping/fhir-codes';
import { alertCard } from './cds-cards';
import type { CdsCardLog } from './cds-card-log';
import type { CdsClient } from './cds-clients-file';
import type { CdsJwtVerifier } from './cds-jwt';

export const CDS_VERIFIER = Symbol('CDS_VERIFIER');
export const CDS_CARD_LOG = Symbol('CDS_CARD_LOG');
export const SERVICE_ID = 'poems-alerts';

const identifierSchema = z.looseObject({ system: z.string().max(500).optional(), value: z.string().max(200).optional() });
const patientViewSchema = z.looseObject({
  hook: z.literal('patient-view'),
  hookInstance: z.string().min(1).max(100),
  fhirServer: z.string().max(500).optional(),
  context: z.looseObject({ userId: z.string().min(1).max(200), patientId: z.string().min(1).max(100), encounterId: z.string().max(100).optional() }),
  prefetch: z.looseObject({ patient: z.looseObject({ resourceType: z.literal('Patient'), identifier: z.array(identifierSchema).max(50).optional() }).nullable().optional() }).optional(),
});
const feedbackSchema = z.strictObject({
  feedback: z
    .array(
      z.looseObject({
        card: z.uuid(),
        outcome: z.enum(['accepted', 'overridden']),
        acceptedSuggestions: z.array(z.looseObject({ id: z.string() })).max(10).optional(),
        overrideReason: z.looseObject({ reason: z.looseObject({ code: z.string().max(100).optional(), display: z.string().max(200).optional() }).optional(), userComment: z.string().max(500).optional() }).optional(),
        outcomeTimestamp: z.string().max(40),
      }),
    )
    .min(1)
    .max(50),
});

/**
 * CDS Hooks: discovery, the patient-view service answering a card per open alert, and its
 * feedback (an accepted "acknowledge" suggestion or an override acknowledges the alert through
 * the command handler, in the EHR user's name). Every call is authenticated by the EHR's signed
 * JWT and recorded in the access log.
 */
@Controller('cds-services')
@Public()
export class CdsHooksController {
  private readonly index: MrnIndex;

  constructor(
    @Inject(CDS_VERIFIER) private readonly verifier: CdsJwtVerifier,
    @Inject(CDS_CARD_LOG) private readonly cards: CdsCardLog,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(COMMAND_HANDLER) private readonly handler: CommandHandler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.index = mrnIndexOf(infra);
  }

  @Get()
  discovery() {
    return {
      services: [
        {
          hook: 'patient-view',
          id: SERVICE_ID,
          title: 'POEMS monitoring alerts',
          description: 'The open alerts of a patient followed for POEMS syndrome (missed dexamethasone cycles, VEGF rebound, graft failure risk…), with a link to the dashboard and an acknowledge suggestion.',
          prefetch: { patient: 'Patient/{{context.patientId}}' },
        },
      ],
    };
  }

  @Post(':id')
  @HttpCode(200)
  async patientView(@Param('id') id: string, @Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Req() request: FastifyRequest) {
    if (id !== SERVICE_ID) throw notFound('CDS_SERVICE_NOT_FOUND', `No CDS service ${id}: see GET /cds-services`);
    const origin = publicOrigin(request, this.config);
    const client = await this.verifier.verify(authorization, `${origin}/cds-services/${SERVICE_ID}`);
    const hook = parseInput(patientViewSchema, body);
    const principal = integrationPrincipal('ehr', client.id, client.careTeams);
    authorize(principal, 'cds.patient-view', { kind: 'global' });
    const patientId = await this.patientOf(client, hook.context.patientId, hook.prefetch?.patient?.identifier ?? []);
    const careTeam = patientId ? await careTeamOf(this.infra.rawStore, patientId) : undefined;
    const visible = patientId !== null && reaches(principal, careTeam);
    await this.record(principal, request, visible ? 200 : 404, visible ? patientId : null, { hookInstance: hook.hookInstance, ehrUser: hook.context.userId });
    if (!visible) return { cards: [] };
    const open = (await patientAlerts(this.infra.pool, this.infra.schema, patientId)).filter((alert) => alert.status !== 'RESOLVED');
    const issued = open.map((alert) => ({ alert, ids: { card: randomUUID(), suggestion: randomUUID() } }));
    await this.cards.issue(issued.map(({ alert, ids }) => ({ cardUuid: ids.card, suggestionUuid: ids.suggestion, alertId: alert.alertId, clientId: client.id, ehrUser: hook.context.userId })));
    return { cards: issued.map(({ alert, ids }) => alertCard(alert, ids, { origin, dashboard: `${origin}/?patient=${patientId}` })) };
  }

  @Post(':id/feedback')
  @HttpCode(200)
  async feedback(@Param('id') id: string, @Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Req() request: FastifyRequest) {
    if (id !== SERVICE_ID) throw notFound('CDS_SERVICE_NOT_FOUND', `No CDS service ${id}`);
    const client = await this.verifier.verify(authorization, `${publicOrigin(request, this.config)}/cds-services/${SERVICE_ID}/feedback`);
    const { feedback } = parseInput(feedbackSchema, body);
    const principal = integrationPrincipal('ehr', client.id, client.careTeams);
    const acknowledged: string[] = [];
    for (const item of feedback) {
      const card = await this.cards.find(item.card, client.id);
      if (!card) throw notFound('CARD_NOT_FOUND', `No card ${item.card} was sent to this client`);
      const accepted = item.outcome === 'accepted' && (item.acceptedSuggestions ?? []).some((suggestion) => suggestion.id === card.suggestionUuid);
      if (item.outcome === 'accepted' && !accepted) continue;
      const reason = item.outcome === 'overridden' ? [item.overrideReason?.reason?.display ?? item.overrideReason?.reason?.code, item.overrideReason?.userComment].filter(Boolean).join(': ') || undefined : undefined;
      const command = { type: 'AcknowledgeAlert', alertId: card.alertId, outcome: item.outcome, ...(reason && { reason }), by: { userId: (card.ehrUser ?? principal.userId).slice(0, 200), role: 'ehr-user' } };
      try {
        await this.handler.handle(ALERT_STREAM, command, { principal, correlationId: String(request.id), source: 'fhir', idempotencyKey: `cds-feedback:${card.cardUuid}` });
        acknowledged.push(card.alertId);
      } catch (error) {
        // Acknowledged meanwhile (in the dashboard, or by another card): the feedback has nothing left to do.
        if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      }
    }
    return { acknowledged };
  }

  /** The EHR's patient: our own id, or its Patient's MRN (prefetched) through the blind index. */
  private async patientOf(client: CdsClient, contextPatientId: string, identifiers: { system?: string; value?: string }[]): Promise<string | null> {
    if (z.uuid().safeParse(contextPatientId).success && (await careTeamOf(this.infra.rawStore, contextPatientId)) !== undefined) return contextPatientId;
    const systems = new Set([client.patientIdentifierSystem, MRN_SYSTEM(this.config.MRN_ASSIGNING_AUTHORITY)].filter(Boolean));
    const found = new Set<string>();
    for (const identifier of identifiers) {
      if (identifier.value && identifier.system && systems.has(identifier.system)) for (const id of await this.index.find(this.index.authority, identifier.value)) found.add(id);
    }
    return found.size === 1 ? [...found][0]! : null;
  }

  private async record(principal: Principal, request: FastifyRequest, outcome: number, patientId: string | null, query: Record<string, unknown>): Promise<void> {
    await this.infra.accessLog.record({
      actor: principal.userId,
      role: 'system',
      action: 'cds-patient-view',
      patientId,
      endpoint: `${request.method} ${request.url.split('?')[0]}`,
      query,
      purpose: 'TREAT',
      outcome,
      correlationId: String(request.id),
    });
  }
}

function reaches(principal: Principal, careTeam: string | undefined): boolean {
  try {
    authorize(principal, 'alert.read', { kind: 'patient', careTeam });
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}
