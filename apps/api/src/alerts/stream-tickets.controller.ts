import { Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { documentRoute } from '../docs/route-docs';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { StreamTickets, STREAM_TICKET_TTL_SECONDS } from './stream-tickets';
import { streamTicketSchema } from '../docs/response-schemas';

const ISSUE = documentRoute({
  method: 'POST',
  path: '/v1/alerts/stream-tickets',
  summary: 'A single-use ticket that opens one live alert stream: for browsers, whose EventSource cannot send the bearer token',
  description: `Answers \`{ticket, expiresAt, url}\`; open \`url\` (GET /v1/alerts/stream?ticket=…) within ${STREAM_TICKET_TTL_SECONDS} s. The ticket works once, for the caller only, and never past the caller's token; the stream it opens ends when that token expires. Ask for a new ticket to reconnect.`,
  tag: 'Alerts',
  roles: ['clinician', 'auditor', 'admin'],
  response: streamTicketSchema,
  responses: { 201: '{ ticket, expiresAt, url }' },
});

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class StreamTicketsController {
  constructor(@Inject(StreamTickets) private readonly tickets: StreamTickets) {}

  @Post(ISSUE.nestPath)
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  async issue(@Ctx() ctx: RequestContext): Promise<{ ticket: string; expiresAt: string; url: string }> {
    const { ticket, expiresAt } = await this.tickets.issue(ctx.principal, ctx.credentialExpiresAt);
    return { ticket, expiresAt: expiresAt.toISOString(), url: `/v1/alerts/stream?ticket=${ticket}` };
  }
}
