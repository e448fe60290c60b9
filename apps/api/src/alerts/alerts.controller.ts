import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { acknowledgeAlertBodySchema, ALERT_RULE_CODES } from '@poems/alert-rules';
import { rolesFor, roleActingFor } from '@poems/auth';
import { ALERT_STREAM, type CommandHandler } from '@poems/command-pipeline';
import type { AppConfig } from '@poems/config';
import { alertStats, listAlerts, type ProjectionCatalog } from '@poems/projections';
import { type Infrastructure, loadAlert } from '@poems/runtime';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { badRequest, notFound } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { alertCursorField, countField } from '../http/query-fields';
import { parseInput } from '../http/zod-input';
import { commandContext } from '../patients/command-headers';
import { APP_CONFIG, COMMAND_HANDLER, INFRASTRUCTURE, PROJECTIONS } from '../platform/tokens';
import { awaitProjection, minPositionField } from '../timeline/read-your-writes';
import { canSeeCareTeam, visibleCareTeams } from './alert-access';
import { acknowledgeResultSchema, alertListSchema } from '../docs/response-schemas';

const listQuery = z.strictObject({
  status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']).optional(),
  patientId: z.uuid().optional(),
  rule: z.enum(ALERT_RULE_CODES).optional(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  limit: countField({ min: 1, max: 500 }).default(100),
  before: alertCursorField.optional().describe('The `next` cursor of the previous page'),
  minPosition: minPositionField,
});
const alertIdParam = z.uuid();

const LIST = documentRoute({
  method: 'GET',
  path: '/v1/alerts',
  summary: 'Alerts, newest first: a clinician sees their care teams’ alerts; auditors and admins see all',
  tag: 'Alerts',
  roles: ['clinician', 'auditor', 'admin'],
  query: listQuery,
  response: alertListSchema,
  responses: { 200: '{ items, next }: each item has alertId, patientId, rule, severity, status, clinicalTime, raisedAt, summary, evidence' },
});
const STATS = documentRoute({
  method: 'GET',
  path: '/v1/alerts/stats',
  summary: 'Alert fatigue per rule: raised, acknowledged, overridden, override rate, median time to acknowledge',
  tag: 'Alerts',
  roles: ['clinician', 'auditor', 'admin'],
  responses: { 200: 'Counts per rule' },
});
const ONE = documentRoute({
  method: 'GET',
  path: '/v1/alerts/{alertId}',
  summary: 'One alert with its full history (raised, acknowledged, escalated, resolved: who, when, why)',
  tag: 'Alerts',
  roles: ['clinician', 'auditor', 'admin'],
  responses: { 200: 'The alert and its history', 404: 'Unknown alert (or not your care team)' },
});
const ACKNOWLEDGE = documentRoute({
  method: 'POST',
  path: '/v1/alerts/{alertId}/acknowledge',
  summary: 'Acknowledge an alert: accepted, or overridden with a reason',
  tag: 'Alerts',
  roles: ['clinician', 'admin'],
  body: acknowledgeAlertBodySchema,
  response: acknowledgeResultSchema,
  headers: { 'Idempotency-Key': 'Makes a retry of the same acknowledgement return the first answer and write nothing new.' },
  responses: { 201: 'Acknowledged', 400: 'Overridden without a reason, or invalid body', 404: 'No such alert in your care teams', 409: 'Already acknowledged', 422: 'Idempotency-Key reused for a different request' },
});

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class AlertsController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(PROJECTIONS) private readonly projections: ProjectionCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(COMMAND_HANDLER) private readonly handler: CommandHandler,
    private readonly access: AccessRecorder,
  ) {}

  @Get(LIST.nestPath)
  async list(@Query() raw: unknown, @Ctx() ctx: RequestContext) {
    const query = parseInput(listQuery, raw, 'query');
    await awaitProjection(this.projections, 'alerts', query.minPosition, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
    const [raisedAt, alertId] = query.before ? (query.before.split('|') as [string, string]) : [];
    const items = await listAlerts(this.infra.pool, this.infra.schema, {
      careTeams: visibleCareTeams(ctx.principal),
      status: query.status,
      patientId: query.patientId,
      rule: query.rule,
      severity: query.severity,
      limit: query.limit,
      before: raisedAt && alertId ? { raisedAt, alertId } : undefined,
    });
    // Each patient whose alerts this page shows has the read in their trail.
    await this.access.recordPatients(ctx, 'read-alerts', 200, query.patientId ? [query.patientId] : items.map((item) => item.patientId), query);
    const last = items.at(-1);
    return { items, next: items.length === query.limit && last ? `${last.raisedAt}|${last.alertId}` : null };
  }

  @Get(STATS.nestPath)
  async stats(@Ctx() ctx: RequestContext) {
    return { rules: await alertStats(this.infra.pool, this.infra.schema, visibleCareTeams(ctx.principal)) };
  }

  @Get(ONE.nestPath)
  async one(@Param('alertId') rawId: string, @Ctx() ctx: RequestContext) {
    const alertId = parseInput(alertIdParam, rawId, 'alertId');
    const alert = await loadAlert(this.infra.rawStore, alertId);
    const state = alert.state;
    const visible = state.status !== 'NONE' && canSeeCareTeam(ctx.principal, state.careTeam);
    await this.access.record(ctx, 'read-alert', visible ? 200 : 404, { patientId: state.status === 'NONE' ? null : state.patientId, query: { alertId } });
    if (!visible) throw notFound('ALERT_NOT_FOUND', `No alert ${alertId} in your care teams`);
    return {
      alert: { ...state, escalationLevel: state.escalations.length },
      revision: alert.revision,
      history: alert.events.map((event) => ({ eventId: event.eventId, type: event.type, recordedAt: event.recordedAt, actor: event.metadata.actor, data: event.data })),
    };
  }

  @Post(ACKNOWLEDGE.nestPath)
  @Roles(...rolesFor('alert.acknowledge'))
  @HttpCode(201)
  async acknowledge(@Param('alertId') alertId: string, @Body() body: unknown, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('VALIDATION_FAILED', 'The request body must be a JSON object', [{ field: '(body)', message: 'expected an object' }]);
    }
    // Who acknowledges is the caller, never what the body says.
    const by = { userId: ctx.principal.userId, role: roleActingFor(ctx.principal, 'alert.acknowledge') };
    const command = { ...body, type: 'AcknowledgeAlert', alertId, by };
    const outcome = await this.handler.handle(ALERT_STREAM, command, commandContext(ctx, headers));
    return { alertId, revision: outcome.revision, position: outcome.position, replayed: outcome.replayed, events: outcome.events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data })) };
  }
}
