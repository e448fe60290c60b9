import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { parseAlertEvent } from '@poems/alert-rules';
import type { AppConfig } from '@poems/config';
import type { StoredEvent } from '@poems/event-store';
import { alertIdOfStream } from '@poems/kernel';
import { type Infrastructure, loadAlert } from '@poems/runtime';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem } from '../http/http-problem';
import { Ctx, type RequestContext, Roles, StreamTicketAllowed } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER } from '../platform/tokens';
import { canSeeCareTeam } from './alert-access';
import { AlertStreamSlots, replayStart, type StreamCloseReason, type StreamSlot } from './alert-stream-limits';

const streamQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative().optional().describe('Resume after this global position (as the Last-Event-ID header does)'),
  ticket: z.string().optional().describe('A single-use ticket from POST /v1/alerts/stream-tickets, for clients that cannot send headers (EventSource)'),
});

const STREAM = documentRoute({
  method: 'GET',
  path: '/v1/alerts/stream',
  summary: 'Server-sent events: every alert raised, acknowledged, escalated or resolved in your care teams, live',
  description:
    'Authenticate with `Authorization: Bearer`, or (browsers) with `?ticket=` from POST /v1/alerts/stream-tickets; bearer tokens are not accepted in the URL. ' +
    'Each message has `id` (the global position: reconnect with Last-Event-ID to miss nothing), `event` (alert.raised, …) and JSON `data`. A comment line every 15 s keeps proxies open. ' +
    'The stream ends with `event: stream.closed` (data `{reason}`: TOKEN_EXPIRED when the token expires, SUBSCRIPTION_FAILED, SERVER_SHUTDOWN). ' +
    'A resume point more than ALERT_STREAM_REPLAY_MAX_EVENTS events back is moved up (`event: replay.truncated`); reload GET /v1/alerts then. ' +
    'Opening and closing are recorded in the access log; each user may hold ALERT_STREAMS_PER_PRINCIPAL streams, the server ALERT_STREAMS_MAX (then 429).',
  tag: 'Alerts',
  roles: ['clinician', 'auditor', 'admin'],
  query: streamQuery,
  headers: { 'last-event-id': 'Resume after this global position (sent by EventSource on reconnect)' },
  responses: { 200: 'text/event-stream', 401: 'No valid token or ticket', 429: 'Too many streams open (yours or in all)' },
  produces: ['text/event-stream'],
});

const EVENT_NAMES: Record<string, string> = { AlertRaised: 'alert.raised', AlertAcknowledged: 'alert.acknowledged', AlertEscalated: 'alert.escalated', AlertResolved: 'alert.resolved' };
const HEARTBEAT_MS = 15_000;

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class AlertStreamController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly slots: AlertStreamSlots,
    private readonly access: AccessRecorder,
  ) {}

  @Get(STREAM.nestPath)
  @StreamTicketAllowed()
  async stream(@Query() raw: unknown, @Headers('last-event-id') lastEventId: string | undefined, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply) {
    const query = parseInput(streamQuery, raw, 'query');
    const taken = this.slots.take(ctx.principal.userId);
    if (!taken.ok) {
      await this.access.record(ctx, 'open-alert-stream', 429);
      throw new HttpProblem(429, 'TOO_MANY_STREAMS', taken.message, undefined, { 'retry-after': '30' });
    }
    const { slot } = taken;
    try {
      const requested = query.after ?? (lastEventId && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined);
      const start = replayStart(requested, await this.infra.rawStore.headPosition(), this.config.ALERT_STREAM_REPLAY_MAX_EVENTS);
      // Recorded before anything is sent: if the access log cannot be written, no stream opens.
      await this.access.record(ctx, 'open-alert-stream', 200, { query: { after: start.after, requestedAfter: requested ?? null } });
      reply.hijack();
      this.serve(reply.raw, ctx, start.after, start.notice, slot);
    } catch (error) {
      slot.release();
      throw error;
    }
  }

  private serve(out: ServerResponse, ctx: RequestContext, after: number, notice: string | undefined, slot: StreamSlot): void {
    const openedAt = Date.now();
    let eventsSent = 0;
    let closed = false;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write(`retry: 3000\n: connected after position ${after}\n\n`);
    if (notice) out.write(`: ${notice}\nevent: replay.truncated\ndata: ${JSON.stringify({ resumedAfter: after, message: notice })}\n\n`);

    const careTeams = new Map<string, string>();
    const careTeamOf = async (event: StoredEvent): Promise<string | undefined> => {
      const data = event.data as { careTeam?: string };
      if (event.type === 'AlertRaised' && data.careTeam) return data.careTeam;
      const alertId = alertIdOfStream(event.streamId)!;
      if (!careTeams.has(alertId)) {
        const { state } = await loadAlert(this.infra.rawStore, alertId);
        if (state.status !== 'NONE') careTeams.set(alertId, state.careTeam);
      }
      return careTeams.get(alertId);
    };
    const subscription = this.infra.rawStore.subscribeToAll({
      after,
      batchSize: 200,
      onEvents: async (events) => {
        for (const event of events) {
          if (closed) return;
          if (alertIdOfStream(event.streamId) === undefined || !(event.type in EVENT_NAMES)) continue;
          const careTeam = await careTeamOf(event);
          if (!careTeam || !canSeeCareTeam(ctx.principal, careTeam)) continue;
          const { data } = parseAlertEvent(event.type, event.schemaVersion, event.data);
          const message = { alertId: alertIdOfStream(event.streamId)!, careTeam, type: event.type, recordedAt: event.recordedAt, data };
          eventsSent += 1;
          // A slow reader holds the subscription back instead of filling this process's memory.
          if (!out.write(`id: ${event.globalPosition}\nevent: ${EVENT_NAMES[event.type]}\ndata: ${JSON.stringify(message)}\n\n`)) await drained(out);
        }
      },
      onError: (error) => {
        this.logger.error({ err: error, correlationId: ctx.correlationId }, 'alert stream subscription failed: closing the stream');
        void close('SUBSCRIPTION_FAILED');
      },
    });

    const close = async (reason: StreamCloseReason): Promise<void> => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      slot.release();
      if (!out.writableEnded && !out.destroyed) {
        out.end(`event: stream.closed\ndata: ${JSON.stringify({ reason, message: CLOSE_MESSAGES[reason] })}\n\n`);
      }
      await subscription.stop().catch(() => undefined);
      const details = { reason, eventsSent, seconds: Math.round((Date.now() - openedAt) / 1000) };
      await this.access.record(ctx, 'close-alert-stream', reason === 'SUBSCRIPTION_FAILED' ? 500 : 200, { query: details }).catch((error: unknown) => {
        this.logger.error({ err: error, correlationId: ctx.correlationId, ...details }, 'could not record the closing of an alert stream');
      });
    };
    const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), HEARTBEAT_MS);
    // The stream must not outlive the token (or the token its ticket was issued for).
    const expiry = setTimeout(() => void close('TOKEN_EXPIRED'), Math.max(0, ctx.credentialExpiresAt.getTime() - Date.now()));
    slot.onShutdown(() => close('SERVER_SHUTDOWN'));
    void subscription.done.then(() => close('SUBSCRIPTION_FAILED'));
    out.on('close', () => void close('CLIENT_CLOSED'));
    out.on('error', () => void close('CLIENT_CLOSED'));
  }
}

const CLOSE_MESSAGES: Record<StreamCloseReason, string> = {
  CLIENT_CLOSED: 'closed by the client',
  TOKEN_EXPIRED: 'your token expired: sign in again, then reopen the stream',
  SUBSCRIPTION_FAILED: 'the server could not follow the event store: reconnect with Last-Event-ID',
  SERVER_SHUTDOWN: 'the server is shutting down: reconnect with Last-Event-ID',
};

function drained(out: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
