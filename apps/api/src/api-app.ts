import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@poems/config';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { HttpProblem } from './http/http-problem';
import { registerRequestLogging } from './http/request-logging';
import { findUnstorableText } from './http/safe-json';
import type { Clock } from './platform/tokens';

export interface ApiOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
}

const JSON_BODY_LIMIT = 1024 * 1024;

/** Builds the API (used by main.ts and by the end-to-end tests, so both run the same thing). */
export async function createApiApp(options: ApiOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    // Correlation ids: the caller's X-Correlation-Id when sane, else a fresh one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, { logger: false, abortOnError: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();

  // Nest's body parsers are off (bodyParser: false): these are the only ones.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_request, body, done) => {
    try {
      const parsed = JSON.parse(body as string) as unknown;
      const unstorable = findUnstorableText(parsed);
      if (unstorable) {
        done(new HttpProblem(400, 'UNSTORABLE_TEXT', 'Text fields may not contain NUL or unpaired surrogate characters', [{ field: unstorable, message: 'invalid character' }]), undefined);
        return;
      }
      done(null, parsed);
    } catch (error) {
      done(new HttpProblem(400, 'MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  // Imports are streamed to the handler as they arrive (see ImportService).
  fastify.addContentTypeParser('application/x-ndjson', (_request, payload, done) => done(null, payload));
  fastify.addHook('onRequest', async (request, reply) => {
    (request as { correlationId?: string }).correlationId = String(request.id);
    void reply.header('x-correlation-id', String(request.id));
  });
  registerRequestLogging(fastify, options.logger);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
