import { Controller, Delete, Get, Headers, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { rolesFor } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccessRecorder } from '../../audit/access-recorder';
import { badRequest, notFound } from '../../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../../http/request-context';
import { parseInput } from '../../http/zod-input';
import { APP_CONFIG, LOGGER } from '../../platform/tokens';
import { fhirBase } from '../fhir-base';
import { FhirErrorFilter, operationOutcome } from '../fhir-error.filter';
import type { ExportJobs } from './export-jobs';
import { EXPORT_TYPES, type ExportType } from './research-resources';

export const EXPORT_JOBS = Symbol('EXPORT_JOBS');

const NDJSON_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];
const kickoffQuerySchema = z.strictObject({
  _outputFormat: z.string().refine((format) => NDJSON_FORMATS.includes(format), 'only application/fhir+ndjson').optional(),
  _type: z
    .string()
    .max(200)
    .transform((list) => list.split(',').map((type) => type.trim()))
    .pipe(z.array(z.enum(EXPORT_TYPES)).min(1))
    .optional(),
});
const jobIdParam = z.uuid();
const typeParam = z.string().regex(/^[A-Za-z]+\.ndjson$/).transform((file) => file.replace(/\.ndjson$/, '')).pipe(z.enum(EXPORT_TYPES));

/**
 * FHIR Bulk Data export (the IG's asynchronous pattern): kick-off answers 202 with a status URL;
 * the status answers 202 while it runs, then the manifest of NDJSON files; DELETE removes the job.
 * Only the de-identified research views are exported; only the requester sees the job.
 */
@Controller('fhir/R4')
@UseFilters(FhirErrorFilter)
@Roles(...rolesFor('research.export'))
export class ExportController {
  constructor(
    @Inject(EXPORT_JOBS) private readonly jobs: ExportJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly access: AccessRecorder,
  ) {}

  @Get('$export')
  kickoff(@Query() query: unknown, @Headers() headers: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    return this.start(query, headers, request, reply, ctx);
  }

  @Get('Patient/$export')
  kickoffPatients(@Query() query: unknown, @Headers() headers: Record<string, string>, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    return this.start(query, headers, request, reply, ctx);
  }

  private async start(rawQuery: unknown, headers: Record<string, string>, request: FastifyRequest, reply: FastifyReply, ctx: RequestContext) {
    const query = parseInput(kickoffQuerySchema, rawQuery, 'query');
    if (!/respond-async/.test(headers['prefer'] ?? '')) throw badRequest('RESPOND_ASYNC_REQUIRED', 'Bulk Data kick-off needs the header Prefer: respond-async', [{ field: 'Prefer', message: 'respond-async' }]);
    const types = query._type ?? [...EXPORT_TYPES];
    const requestUrl = `${fhirBase(request, this.config)}${request.url.replace(/^\/fhir\/R4/, '')}`;
    const jobId = await this.jobs.start(ctx.principal.userId, requestUrl, types, (error) => this.logger.error({ err: error }, 'a Bulk Data export failed'));
    await this.access.record(ctx, 'fhir-export-kickoff', 202, { query: { types, jobId } });
    return reply.status(202).header('content-location', `${fhirBase(request, this.config)}/$export-status/${jobId}`).header('content-type', 'application/fhir+json').send(operationOutcomeInfo(`Export ${jobId} started`));
  }

  @Get('$export-status/:jobId')
  async status(@Param('jobId') rawId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const job = await this.ownJob(rawId, ctx);
    if (job.status === 'in-progress') return reply.status(202).header('x-progress', 'in progress').header('retry-after', '1').send();
    if (job.status === 'failed') return reply.status(500).header('content-type', 'application/fhir+json').send(operationOutcome(500, 'EXPORT_FAILED', job.error ?? 'the export failed'));
    const base = fhirBase(request, this.config);
    return reply.status(200).header('content-type', 'application/json').send({
      transactionTime: job.transactionTime,
      request: job.requestUrl,
      requiresAccessToken: true,
      output: job.files.map((file) => ({ type: file.type, url: `${base}/$export-file/${job.jobId}/${file.type}.ndjson`, count: file.count })),
      error: [],
    });
  }

  @Delete('$export-status/:jobId')
  async cancel(@Param('jobId') rawId: string, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const job = await this.ownJob(rawId, ctx);
    await this.jobs.remove(job.jobId);
    return reply.status(202).send();
  }

  @Get('$export-file/:jobId/:file')
  async file(@Param('jobId') rawId: string, @Param('file') rawFile: string, @Res() reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const job = await this.ownJob(rawId, ctx);
    const type: ExportType = parseInput(typeParam, rawFile, 'file');
    const content = job.status === 'completed' ? await this.jobs.file(job.jobId, type) : undefined;
    if (content === undefined) throw notFound('EXPORT_FILE_NOT_FOUND', `No ${type} file in export ${job.jobId}`);
    await this.access.record(ctx, 'fhir-export-download', 200, { query: { jobId: job.jobId, type } });
    return reply.status(200).header('content-type', 'application/fhir+ndjson').send(content);
  }

  /** Another user's job answers as a missing one. */
  private async ownJob(rawId: string, ctx: RequestContext) {
    const jobId = parseInput(jobIdParam, rawId, 'jobId');
    const job = await this.jobs.get(jobId);
    if (!job || job.requestedBy !== ctx.principal.userId) throw notFound('EXPORT_NOT_FOUND', `No export ${jobId} of yours`);
    return job;
  }
}

function operationOutcomeInfo(text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text } }] };
}
