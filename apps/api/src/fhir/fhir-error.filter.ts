import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FastifyReply } from 'fastify';
import { ProblemFilter } from '../http/problem.filter';
import type { ContextualRequest } from '../http/request-context';

const ISSUE_CODE: Readonly<Record<number, OperationOutcome['issue'][number]['code']>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'deleted',
  413: 'too-costly',
  422: 'processing',
  429: 'throttled',
};

/** The FHIR endpoints answer every refusal as an OperationOutcome, with the status the API's one error mapping gives. */
@Catch()
export class FhirErrorFilter extends ProblemFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ContextualRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = this.toProblem(error);
    if (body.status >= 500) super.catch(error, host);
    else void reply.status(body.status).headers(headers).header('content-type', 'application/fhir+json').send(operationOutcome(body.status, body.code, body.message, body.issues?.map((issue) => issue.field), request.correlationId));
  }
}

export function operationOutcome(status: number, code: string, message: string, expression?: string[], correlationId?: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    ...(correlationId && { id: correlationId.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 64) || undefined }),
    issue: [
      {
        severity: 'error',
        code: ISSUE_CODE[status] ?? 'processing',
        details: { coding: [{ system: 'urn:poems:error-code', code }], text: message },
        ...(expression?.length && { expression }),
      },
    ],
  };
}
