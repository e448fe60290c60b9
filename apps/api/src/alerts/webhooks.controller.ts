import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { authorize, hasRole } from '@poems/auth';
import { WebhookLimitReached, type WebhookSubscriptions, WebhookUrlRefused } from '@poems/alerts-engine';
import type { AppConfig } from '@poems/config';
import { z } from 'zod';
import { documentRoute } from '../docs/route-docs';
import { badRequest, HttpProblem, notFound } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG, WEBHOOKS } from '../platform/tokens';
import { visibleCareTeams } from './alert-access';

const createBody = z.strictObject({
  careTeam: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  url: z.string().max(2000),
  description: z.string().max(500).optional(),
});
const idParam = z.uuid();

const CREATE = documentRoute({
  method: 'POST',
  path: '/v1/webhook-subscriptions',
  summary: 'Subscribe a URL to a care team’s alerts (raised, escalated, resolved); answers with the signing secret, shown once',
  description:
    'Who may register (and remove) webhooks is configured: admins only by default (WEBHOOK_REGISTRATION=admins); with `care-team-clinicians` also ' +
    'clinicians, for their own care teams. The URL must be https and reach a public address (every address its host resolves to), unless the ' +
    'operator allows http (WEBHOOK_ALLOW_HTTP) or names the host or its network in WEBHOOK_ALLOWED_HOSTS; it may not carry credentials. ' +
    'The same check is made again at each delivery, which connects only to the addresses checked; redirects are not followed. ' +
    'Deliveries are POSTs of JSON with `X-Poems-Event`, `X-Poems-Delivery` (an id to de-duplicate on) and `X-Poems-Signature: t=<unix seconds>,v1=<hex>` ' +
    'where hex = HMAC-SHA256(secret, "<t>.<raw body>"). Failures are retried with exponential backoff (8 attempts); every attempt is recorded.',
  tag: 'Alerts',
  roles: ['clinician', 'admin'],
  body: createBody,
  responses: {
    201: 'The subscription and its secret',
    400: 'The URL is refused (names the reason: scheme, credentials, a private, loopback, link-local or metadata address)',
    403: 'Not your care team, or registration is for admins only',
    409: 'The care team has WEBHOOK_MAX_PER_TEAM active subscriptions already',
  },
});
const LIST = documentRoute({ method: 'GET', path: '/v1/webhook-subscriptions', summary: 'Webhook subscriptions of your care teams (all for admins)', tag: 'Alerts', roles: ['clinician', 'auditor', 'admin'], responses: { 200: 'Subscriptions (without secrets)' } });
const REMOVE = documentRoute({
  method: 'DELETE',
  path: '/v1/webhook-subscriptions/{subscriptionId}',
  summary: 'Stop a subscription (its delivery history stays); who may is configured as for registering',
  tag: 'Alerts',
  roles: ['clinician', 'admin'],
  responses: { 204: 'Stopped', 403: 'Registration is for admins only', 404: 'Unknown' },
});
const DELIVERIES = documentRoute({ method: 'GET', path: '/v1/webhook-subscriptions/{subscriptionId}/deliveries', summary: 'Deliveries of a subscription with every attempt (status code, error, duration)', tag: 'Alerts', roles: ['clinician', 'auditor', 'admin'], responses: { 200: 'Deliveries, newest first', 404: 'Unknown' } });

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class WebhooksController {
  constructor(
    @Inject(WEBHOOKS) private readonly subscriptions: WebhookSubscriptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(CREATE.nestPath)
  @Roles('clinician', 'admin')
  @HttpCode(201)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext) {
    this.mayManage(ctx);
    const input = parseInput(createBody, body);
    authorize(ctx.principal, 'webhook.manage', { kind: 'new', careTeam: input.careTeam });
    try {
      return await this.subscriptions.create({ ...input, createdBy: ctx.principal.userId });
    } catch (error) {
      if (error instanceof WebhookUrlRefused) throw badRequest('WEBHOOK_URL_REFUSED', `The webhook URL is refused: ${error.reason}`, [{ field: 'url', message: error.reason }]);
      if (error instanceof WebhookLimitReached) throw new HttpProblem(409, 'WEBHOOK_LIMIT_REACHED', error.message);
      throw error;
    }
  }

  @Get(LIST.nestPath)
  async list(@Ctx() ctx: RequestContext) {
    return { items: await this.subscriptions.list(visibleCareTeams(ctx.principal)) };
  }

  @Delete(REMOVE.nestPath)
  @Roles('clinician', 'admin')
  @HttpCode(204)
  async remove(@Param('subscriptionId') raw: string, @Ctx() ctx: RequestContext) {
    this.mayManage(ctx);
    await this.visible(raw, ctx);
    await this.subscriptions.deactivate(raw);
  }

  @Get(DELIVERIES.nestPath)
  async deliveries(@Param('subscriptionId') raw: string, @Ctx() ctx: RequestContext) {
    await this.visible(raw, ctx);
    return { items: await this.subscriptions.deliveries(raw) };
  }

  /** Registering a webhook sends patient alerts to a URL of the caller's choosing: configured policy. */
  private mayManage(ctx: RequestContext): void {
    if (this.config.WEBHOOK_REGISTRATION === 'admins' && !hasRole(ctx.principal, 'admin')) {
      throw new HttpProblem(403, 'WEBHOOK_ADMIN_ONLY', 'Registering and removing webhooks is an admin action here (WEBHOOK_REGISTRATION=admins)');
    }
  }

  private async visible(raw: string, ctx: RequestContext) {
    const id = parseInput(idParam, raw, 'subscriptionId');
    const subscription = await this.subscriptions.find(id);
    const teams = visibleCareTeams(ctx.principal);
    if (!subscription || (teams !== null && !teams.includes(subscription.careTeam))) throw notFound('SUBSCRIPTION_NOT_FOUND', `No subscription ${id} in your care teams`);
    return subscription;
  }
}
