import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { rolesFor } from '@poems/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem, notFound } from '../http/http-problem';
import { countField, plainTextField } from '../http/query-fields';
import { Ctx, Public, type RequestContext, Roles } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import type { Hl7IntakeLog } from './hl7-intake-log';
import type { Hl7IntakeService } from './hl7-intake.service';
import { HL7_INTAKE, HL7_INTAKE_LOG } from './hl7-tokens';

export const HL7_CONTENT_TYPES = ['x-application/hl7-v2+er7', 'application/hl7-v2+er7', 'text/plain'];

const SUBMIT = documentRoute({
  method: 'POST',
  path: '/v1/hl7',
  summary: 'Send one HL7 v2 ORU^R01 message (ER7) from a lab feed; the answer is its ACK',
  description:
    'For interface engines that speak HTTP rather than MLLP. The feed authenticates with its own secret as `Authorization: Bearer` ' +
    '(its SHA-256 is in the HL7 mapping file), from an address the feed lists, and MSH-3/MSH-4 must name it. The answer is an ' +
    'original-mode ACK (AA, AE or AR with ERR segments naming segment, field and reason), in ER7, with status 200 whatever its code.',
  tag: 'HL7 v2',
  roles: 'public',
  bodyContentType: 'x-application/hl7-v2+er7',
  headers: { Authorization: 'Bearer <the feed secret>' },
  responses: { 200: 'The ACK (AA, AE or AR)', 401: 'No bearer secret', 413: 'Larger than HL7_MAX_MESSAGE_BYTES', 415: 'Not ER7 text' },
  produces: ['x-application/hl7-v2+er7'],
});

const intakeQuerySchema = z.strictObject({
  status: z.enum(['recorded', 'accepted', 'duplicate', 'refused', 'rejected']).optional(),
  feed: plainTextField(64).optional(),
  before: countField({ min: 1 }).optional().describe('The `next` value of the previous page'),
  limit: countField({ min: 1, max: 500 }).optional(),
});

const INTAKE = documentRoute({
  method: 'GET',
  path: '/v1/hl7/intake',
  summary: 'The HL7 intake log: every message received (control id, sender, status, reasons), newest first',
  tag: 'HL7 v2',
  roles: [...rolesFor('hl7.intake.read')],
  query: intakeQuerySchema,
  responses: { 200: 'Entries and the `next` cursor', 400: 'Bad query', 403: 'Admins only' },
});

const replayBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
const REPLAY = documentRoute({
  method: 'POST',
  path: '/v1/hl7/intake/{id}/replay',
  summary: 'Process a refused or rejected message again (after the mapping or the record was fixed)',
  description: 'Runs the message through the HL7 door again as its feed, with the reason recorded in the events and the intake log. Answers the new ACK.',
  tag: 'HL7 v2',
  roles: [...rolesFor('hl7.replay')],
  body: replayBodySchema,
  responses: { 200: 'The new ACK and intake entry', 404: 'No such entry', 409: 'Not refused, already replayed, or the message is no longer readable (identity erased)' },
});

@Controller()
export class Hl7Controller {
  constructor(
    @Inject(HL7_INTAKE) private readonly intake: Hl7IntakeService,
    @Inject(HL7_INTAKE_LOG) private readonly log: Hl7IntakeLog,
  ) {}

  @Post(SUBMIT.nestPath)
  @Public()
  async submit(@Req() request: FastifyRequest, @Headers() headers: Record<string, string>, @Res() reply: FastifyReply) {
    const contentType = String(headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!HL7_CONTENT_TYPES.includes(contentType) || typeof request.body !== 'string') {
      throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send one ER7 message as Content-Type: x-application/hl7-v2+er7');
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers['authorization'] ?? '')?.[1];
    if (!bearer) throw new HttpProblem(401, 'UNAUTHENTICATED', "Send the feed's secret as `Authorization: Bearer <secret>`", undefined, { 'WWW-Authenticate': 'Bearer realm="poems-hl7"' });
    const answer = await this.intake.receive(request.body, { channel: { kind: 'http', peer: request.ip, bearer }, correlationId: String(request.id) });
    await reply.status(200).header('content-type', 'x-application/hl7-v2+er7; charset=utf-8').header('x-hl7-intake-id', String(answer.intakeId)).send(answer.ack);
  }

  @Get(INTAKE.nestPath)
  @Roles(...rolesFor('hl7.intake.read'))
  async list(@Query() rawQuery: unknown) {
    const query = parseInput(intakeQuerySchema, rawQuery, 'query');
    const limit = query.limit ?? 100;
    const entries = await this.log.list({ status: query.status, feedId: query.feed, before: query.before, limit });
    return { entries, next: entries.length === limit ? entries.at(-1)!.id : null };
  }

  @Post(REPLAY.nestPath)
  @HttpCode(200)
  @Roles(...rolesFor('hl7.replay'))
  async replay(@Param('id') rawId: string, @Body() body: unknown, @Ctx() ctx: RequestContext) {
    const id = parseInput(countField({ min: 1 }), rawId, 'id');
    const { reason } = parseInput(replayBodySchema, body);
    const entry = await this.log.get(id);
    if (!entry) throw notFound('INTAKE_ENTRY_NOT_FOUND', `No intake entry ${id}`);
    if (entry.status !== 'refused' && entry.status !== 'rejected') throw new HttpProblem(409, 'NOT_REFUSED', `Entry ${id} was ${entry.status}: only refused or rejected messages are replayed`);
    if (entry.resolvedBy !== null) throw new HttpProblem(409, 'ALREADY_REPLAYED', `Entry ${id} was recorded by the replay ${entry.resolvedBy}`);
    if (!entry.feedId || !entry.sealed) throw new HttpProblem(409, 'NOT_REPLAYABLE', `Entry ${id} came from no known feed or was not kept (refused unread): the lab must send it again`);
    const raw = await this.log.open(entry.sealed, entry.sealedFor);
    if (raw === null) throw new HttpProblem(409, 'MESSAGE_ERASED', `Entry ${id} can no longer be read: its patient's identity was erased`);
    const answer = await this.intake.receive(raw, { channel: { kind: 'replay', feedId: entry.feedId, of: id, by: ctx.principal.userId, reason }, correlationId: ctx.correlationId });
    return { replayOf: id, intakeId: answer.intakeId, status: answer.status, ackCode: answer.ackCode, ack: answer.ack };
  }
}
