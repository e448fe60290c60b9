import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { sealLog, verifyLog } from '@poems/event-store';
import { patientIdOfStream } from '@poems/kernel';
import { type Infrastructure, revealIdentities } from '@poems/runtime';
import { z } from 'zod';
import { documentRoute } from '../docs/route-docs';
import { badRequest, notFound } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { countField, instantField, plainTextField } from '../http/query-fields';
import { parseInput } from '../http/zod-input';
import { INFRASTRUCTURE } from '../platform/tokens';
import { AccessRecorder } from './access-recorder';
import { accessLogSchema, storedStreamSchema, verificationReportSchema } from '../docs/response-schemas';

const accessLogQuery = z.strictObject({
  patientId: z.uuid().optional(),
  actor: plainTextField(200).optional(),
  from: instantField.optional(),
  to: instantField.optional(),
  limit: countField({ min: 1, max: 1000 }).default(100),
  before: countField({ min: 1 }).optional().describe('Page backwards: entries with an id below this'),
});

const streamQuery = z.strictObject({ asOf: instantField.optional() });

const VERIFY = documentRoute({
  method: 'GET',
  path: '/v1/audit/verify',
  summary: 'Re-check every hash chain and seal; report the first broken link (stream, revision, what differs)',
  tag: 'Audit',
  roles: ['auditor', 'admin'],
  response: verificationReportSchema,
  responses: { 200: 'The verification report (ok: false when anything was tampered with)' },
});
const SEAL = documentRoute({
  method: 'POST',
  path: '/v1/audit/seal',
  summary: 'Seal the log now (the worker also seals periodically)',
  tag: 'Audit',
  roles: ['admin'],
  responses: { 200: 'The seal written, or sealed: false when nothing changed since the last one' },
});
const ACCESS_LOG = documentRoute({
  method: 'GET',
  path: '/v1/audit/access-log',
  summary: 'Who read or exported identifiable or research data: who, role, what, when, why',
  description:
    'Identical refusals (same actor, role, action, patient and status) within one ACCESS_LOG_REPEAT_WINDOW_MS window are one entry: ' +
    '`repeatCount` says how many there were and `lastAt` when the last came.',
  tag: 'Audit',
  roles: ['auditor', 'admin'],
  query: accessLogQuery,
  response: accessLogSchema,
  responses: { 200: 'Entries, newest first', 400: 'Invalid filter' },
});
const STREAM = documentRoute({
  method: 'GET',
  path: '/v1/audit/streams/{streamId}',
  summary: 'A stream exactly as stored: hashes, metadata, both timestamps; identity decrypted for auditors and admins',
  description: 'Reading a patient stream is recorded in the access log.',
  tag: 'Audit',
  roles: ['auditor', 'admin'],
  query: streamQuery,
  response: storedStreamSchema,
  responses: { 200: 'The stored events', 404: 'No such stream' },
});

@Controller()
@Roles('auditor', 'admin')
export class AuditController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    private readonly access: AccessRecorder,
  ) {}

  @Get(VERIFY.nestPath)
  verify() {
    return verifyLog(this.infra.rawStore);
  }

  @Post(SEAL.nestPath)
  @Roles('admin')
  @HttpCode(200)
  async seal(@Ctx() ctx: RequestContext) {
    return sealLog(this.infra.rawStore, { actor: ctx.principal.userId });
  }

  @Get(ACCESS_LOG.nestPath)
  async accessLog(@Query() raw: unknown) {
    const query = parseInput(accessLogQuery, raw, 'query');
    const entries = await this.infra.accessLog.find(query);
    return { entries, next: entries.length === query.limit ? entries[entries.length - 1]!.id : null };
  }

  @Get(STREAM.nestPath)
  async stream(@Param('streamId') streamId: string, @Query() raw: unknown, @Ctx() ctx: RequestContext) {
    if (!/^[\w.:-]{1,200}$/.test(streamId)) throw badRequest('INVALID_STREAM_ID', 'Stream ids are letters, digits and - _ . :', [{ field: 'streamId', message: 'invalid' }]);
    const query = parseInput(streamQuery, raw, 'query');
    const stored = await this.infra.rawStore.readStream(streamId, { toRecordedAt: query.asOf });
    const patientId = patientIdOfStream(streamId);
    if (patientId) await this.access.record(ctx, 'read-stored-stream', stored.length ? 200 : 404, { patientId, query: { streamId, ...query } });
    if (stored.length === 0) throw notFound('STREAM_NOT_FOUND', `No stream ${streamId}${query.asOf ? ` as of ${query.asOf}` : ''}`);
    return { streamId, events: patientId ? await revealIdentities(stored, patientId, this.infra.vault) : stored };
  }
}
