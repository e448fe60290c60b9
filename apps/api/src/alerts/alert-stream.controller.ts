import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { parseAlertEvent } from '@poems/alert-rules';
import type { StoredEvent } from '@poems/event-store';
import { type Infrastructure, loadAlert } from '@poems/runtime';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { documentRoute } from '../docs/route-docs';
import { Ctx, QueryTokenAllowed, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { INFRASTRUCTURE } from '../platform/tokens';
import { canSeeCareTeam } from './alert-access';

const streamQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative().optional().describe('Resume after this global position (as the Last-Event-ID header does)'),
  token: z.string().optional().describe('The bearer token, for clients that cannot send headers (EventSource)'),
});

const STREAM = documentRoute({
  method: 'GET',
  path: '/v1/alerts/stream',
  summary: 'Server-sent events: every alert raised, acknowledged, escalated or resolved in your care teams, live',
  description: 'Each message has `id` (the global position: reconnect with Last-Event-ID to miss nothing), `event` (alert.raised, …) and JSON `data`. A comment line every 15 s keeps proxies open.',
  tag: 'Alerts',
  roles: ['clinician', 'auditor', 'admin'],
  query: streamQuery,
  responses: { 200: 'text/event-stream' },
  produces: ['text/event-stream'],
});

const EVENT_NAMES: Record<string, string> = { AlertRaised: 'alert.raised', AlertAcknowledged: 'alert.acknowledged', AlertEscalated: 'alert.escalated', AlertResolved: 'alert.resolved' };

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class AlertStreamController {
  constructor(@Inject(INFRASTRUCTURE) private readonly infra: Infrastructure) {}

  @Get(STREAM.nestPath)
  @QueryTokenAllowed()
  async stream(@Query() raw: unknown, @Headers('last-event-id') lastEventId: string | undefined, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply) {
    const query = parseInput(streamQuery, raw, 'query');
    const resumeAfter = query.after ?? (lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : await this.infra.rawStore.headPosition());
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write(`retry: 3000\n: connected after position ${resumeAfter}\n\n`);
    const careTeams = new Map<string, string>();
    const careTeamOf = async (event: StoredEvent): Promise<string | undefined> => {
      const data = event.data as { careTeam?: string };
      if (event.type === 'AlertRaised' && data.careTeam) return data.careTeam;
      const alertId = event.streamId.slice('alert-'.length);
      if (!careTeams.has(alertId)) {
        const { state } = await loadAlert(this.infra.rawStore, alertId);
        if (state.status !== 'NONE') careTeams.set(alertId, state.careTeam);
      }
      return careTeams.get(alertId);
    };
    const subscription = this.infra.rawStore.subscribeToAll({
      after: resumeAfter,
      batchSize: 200,
      onEvents: async (events) => {
        for (const event of events) {
          if (!event.streamId.startsWith('alert-') || !(event.type in EVENT_NAMES)) continue;
          const careTeam = await careTeamOf(event);
          if (!careTeam || !canSeeCareTeam(ctx.principal, careTeam)) continue;
          const { data } = parseAlertEvent(event.type, event.schemaVersion, event.data);
          const message = { alertId: event.streamId.slice('alert-'.length), careTeam, type: event.type, recordedAt: event.recordedAt, data };
          out.write(`id: ${event.globalPosition}\nevent: ${EVENT_NAMES[event.type]}\ndata: ${JSON.stringify(message)}\n\n`);
        }
      },
      // A subscription that gave up ends the response: the client reconnects with Last-Event-ID.
      onError: () => out.end(),
    });
    const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), 15_000);
    const close = () => {
      clearInterval(heartbeat);
      void subscription.stop();
    };
    out.on('close', close);
    out.on('error', close);
  }
}
