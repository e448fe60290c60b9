import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { hasRole } from '@poems/auth';
import type { WebhookSubscriptions } from '@poems/alerts-engine';
import { z } from 'zod';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem, notFound } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { WEBHOOKS } from '../platform/tokens';
import { visibleCareTeams } from './alert-access';

const createBody = z.strictObject({
  careTeam: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  description: z.string().max(500).optional(),
});
const idParam = z.uuid();

const CREATE = documentRoute({
  method: 'POST',
  path: '/v1/webhook-subscriptions',
  summary: 'Subscribe a URL to a care team’s alerts (raised, escalated, resolved); answers with the signing secret, shown once',
  description:
    'Deliveries are POSTs of JSON with `X-Poems-Event`, `X-Poems-Delivery` (an id to de-duplicate on) and `X-Poems-Signature: t=<unix seconds>,v1=<hex>` ' +
    'where hex = HMAC-SHA256(secret, "<t>.<raw body>"). Failures are retried with exponential backoff (8 attempts); every attempt is recorded.',
  tag: 'Alerts',
  roles: ['clinician', 'admin'],
  body: createBody,
  responses: { 201: 'The subscription and its secret', 403: 'Not your care team' },
});
const LIST = documentRoute({ method: 'GET', path: '/v1/webhook-subscriptions', summary: 'Webhook subscriptions of your care teams (all for admins)', tag: 'Alerts', roles: ['clinician', 'auditor', 'admin'], responses: { 200: 'Subscriptions (without secrets)' } });
const REMOVE = documentRoute({ method: 'DELETE', path: '/v1/webhook-subscriptions/{subscriptionId}', summary: 'Stop a subscription (its delivery history stays)', tag: 'Alerts', roles: ['clinician', 'admin'], responses: { 204: 'Stopped', 404: 'Unknown' } });
const DELIVERIES = documentRoute({ method: 'GET', path: '/v1/webhook-subscriptions/{subscriptionId}/deliveries', summary: 'Deliveries of a subscription with every attempt (status code, error, duration)', tag: 'Alerts', roles: ['clinician', 'auditor', 'admin'], responses: { 200: 'Deliveries, newest first', 404: 'Unknown' } });

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class WebhooksController {
  constructor(@Inject(WEBHOOKS) private readonly subscriptions: WebhookSubscriptions) {}

  @Post(CREATE.nestPath)
  @Roles('clinician', 'admin')
  @HttpCode(201)
  async create(@Body() body: unknown, @Ctx() ctx: RequestContext) {
    const input = parseInput(createBody, body);
    if (!hasRole(ctx.principal, 'admin') && !ctx.principal.careTeams.includes(input.careTeam)) {
      throw new HttpProblem(403, 'NOT_IN_CARE_TEAM', `You are not in care team ${input.careTeam}`);
    }
    return this.subscriptions.create({ ...input, createdBy: ctx.principal.userId });
  }

  @Get(LIST.nestPath)
  async list(@Ctx() ctx: RequestContext) {
    return { items: await this.subscriptions.list(visibleCareTeams(ctx.principal)) };
  }

  @Delete(REMOVE.nestPath)
  @Roles('clinician', 'admin')
  @HttpCode(204)
  async remove(@Param('subscriptionId') raw: string, @Ctx() ctx: RequestContext) {
    await this.visible(raw, ctx);
    await this.subscriptions.deactivate(raw);
  }

  @Get(DELIVERIES.nestPath)
  async deliveries(@Param('subscriptionId') raw: string, @Ctx() ctx: RequestContext) {
    await this.visible(raw, ctx);
    return { items: await this.subscriptions.deliveries(raw) };
  }

  private async visible(raw: string, ctx: RequestContext) {
    const id = parseInput(idParam, raw, 'subscriptionId');
    const subscription = await this.subscriptions.find(id);
    const teams = visibleCareTeams(ctx.principal);
    if (!subscription || (teams !== null && !teams.includes(subscription.careTeam))) throw notFound('SUBSCRIPTION_NOT_FOUND', `No subscription ${id} in your care teams`);
    return subscription;
  }
}
