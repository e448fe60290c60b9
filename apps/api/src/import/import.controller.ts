import type { Readable } from 'node:stream';
import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { commandSchema } from '@poems/patient';
import type { FastifyRequest } from 'fastify';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { parseIdempotencyKey } from '../patients/command-headers';
import { ImportService } from './import.service';

const IMPORT = documentRoute({
  method: 'POST',
  path: '/v1/import',
  summary: 'Import patient histories: one command per line (NDJSON), all or nothing',
  description:
    'Each line is a JSON command with a `type` field naming it (the same commands as the REST endpoints). A patient’s lines may come ' +
    'in any order: they are decided enrolment first, then by clinical time. If any line is invalid the answer is 400 listing every ' +
    'bad line (line, field, message) and nothing is written; otherwise every event is appended in one transaction. Streamed: ' +
    'files of 100,000 lines and more are fine.',
  tag: 'Patient commands',
  roles: ['clinician', 'admin'],
  body: commandSchema,
  bodyContentType: 'application/x-ndjson',
  headers: { 'Idempotency-Key': 'Re-sending the same import with the same key writes nothing new' },
  responses: {
    200: 'Imported: counts and the global positions written',
    400: 'Invalid lines (nothing written)',
    409: 'A patient changed during the import: send it again',
    413: 'A line longer than IMPORT_MAX_LINE_BYTES, or a body larger than IMPORT_MAX_BODY_BYTES: refused as soon as the limit is passed (nothing written)',
    415: 'Send Content-Type: application/x-ndjson',
  },
});

@Controller()
@Roles('clinician', 'admin')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post(IMPORT.nestPath)
  @HttpCode(200)
  async import(@Req() request: FastifyRequest, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    const contentType = String(headers['content-type'] ?? '').split(';')[0]!.trim();
    if (contentType !== 'application/x-ndjson' || !isReadable(request.body)) {
      throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the import as Content-Type: application/x-ndjson, one JSON command per line');
    }
    return this.imports.import(request.body, {
      principal: ctx.principal,
      correlationId: ctx.correlationId,
      idempotencyKey: parseIdempotencyKey(headers['idempotency-key']),
    });
  }
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.pipe === 'function';
}
