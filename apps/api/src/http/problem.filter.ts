import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { IdentityErasedError } from '@poems/identity-vault';
import { ConcurrencyError, IdempotencyError } from '@poems/event-store';
import { DomainError, type DomainErrorKind } from '@poems/kernel';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../platform/tokens';
import { HttpProblem, type ProblemBody } from './http-problem';
import type { ContextualRequest } from './request-context';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = { validation: 400, not_found: 404, conflict: 409, forbidden: 403, unprocessable: 422 };

/** Turns every error into the one problem shape; unknown errors are logged and hidden. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ContextualRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const correlationId = request.correlationId ?? String(request.id);
    const { body, headers } = this.toProblem(error);
    if (body.status >= 500) this.logger.error({ err: error, correlationId, path: request.url.split('?')[0] }, 'request failed');
    void reply
      .status(body.status)
      .headers(headers)
      .header('content-type', 'application/problem+json')
      .send({ ...body, correlationId });
  }

  protected toProblem(error: unknown): { body: ProblemBody; headers: Record<string, string> } {
    if (error instanceof HttpProblem) {
      return { body: { status: error.status, code: error.code, message: error.message, issues: error.issues }, headers: error.headers };
    }
    if (error instanceof DomainError) {
      const issues = error.issues ? [...error.issues] : error.field ? [{ field: error.field.join('.'), message: error.message, code: error.code }] : undefined;
      return { body: { status: STATUS_BY_KIND[error.kind], code: error.code, message: error.message, issues }, headers: {} };
    }
    if (error instanceof ConcurrencyError) {
      return {
        body: { status: 409, code: 'STALE_REVISION', message: `${error.message}: reload the patient and retry with the current revision` },
        headers: {},
      };
    }
    if (error instanceof IdempotencyError) return { body: { status: 422, code: 'IDEMPOTENCY_CONFLICT', message: error.message }, headers: {} };
    if (error instanceof IdentityErasedError) return { body: { status: 409, code: 'IDENTITY_ERASED', message: error.message }, headers: {} };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { body: { status, code: status === 404 ? 'NOT_FOUND' : `HTTP_${status}`, message: error.message }, headers: {} };
    }
    const statusCode = (error as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify's own refusals: malformed JSON, body too large, unsupported media type.
      const code = String((error as { code?: unknown }).code ?? `HTTP_${statusCode}`);
      return { body: { status: statusCode, code, message: (error as Error).message }, headers: {} };
    }
    return { body: { status: 500, code: 'INTERNAL_ERROR', message: 'Something failed on our side. It is safe to retry with the same Idempotency-Key; quote the correlationId when reporting it.' }, headers: {} };
  }
}
