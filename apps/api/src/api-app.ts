import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@poems/config';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { HL7_CONTENT_TYPES } from './hl7/hl7.controller';
import { HttpProblem } from './http/http-problem';
import { registerRequestLogging } from './http/request-logging';
import { registerSecurityPlugins } from './http/security-plugins';
import { registerWebPlugins } from './web/web-app';
import { MAX_JSON_DEPTH, parseJsonSafely, type SafeJson } from './http/safe-json';
import { httpRequestMetrics } from './metrics/http-metrics';
import { type Clock, METRICS } from './platform/tokens';

export interface ApiOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
}

const JSON_BODY_LIMIT = 1024 * 1024;
const JSON_REFUSALS: Record<Exclude<SafeJson, { ok: true }>['code'], string> = {
  MALFORMED_JSON: 'The body is not valid JSON',
  JSON_TOO_DEEP: `The body nests arrays and objects deeper than the limit of ${MAX_JSON_DEPTH} levels`,
  UNSTORABLE_TEXT: 'Text fields may not contain NUL or unpaired surrogate characters',
};

/** Builds the API (used by main.ts and by the end-to-end tests, so both run the same thing). */
export async function createApiApp(options: ApiOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    // Behind a reverse proxy, the client's address (for the rate limits) comes from X-Forwarded-For, believed only from these.
    trustProxy: options.config.TRUST_PROXY || false,
    // Correlation ids: the caller's X-Correlation-Id when sane, else a fresh one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, { logger: false, abortOnError: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurityPlugins(app, options.config);
  await registerWebPlugins(app);

  // Nest's body parsers are off (bodyParser: false): these are the only ones.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_request, body, done) => {
    const parsed = parseJsonSafely(body as string);
    if (parsed.ok) done(null, parsed.value);
    else done(new HttpProblem(400, parsed.code, JSON_REFUSALS[parsed.code], [{ field: parsed.field, message: parsed.message }]), undefined);
  });
  // Imports are streamed to the handler as they arrive (see ImportService).
  fastify.addContentTypeParser('application/x-ndjson', (_request, payload, done) => done(null, payload));
  // One HL7 v2 message (ER7) per POST /v1/hl7, read as text up to its own limit.
  fastify.addContentTypeParser(HL7_CONTENT_TYPES, { parseAs: 'string', bodyLimit: options.config.HL7_MAX_MESSAGE_BYTES }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', async (request, reply) => {
    (request as { correlationId?: string }).correlationId = String(request.id);
    void reply.header('x-correlation-id', String(request.id));
  });
  registerRequestLogging(fastify, options.logger);
  const observe = httpRequestMetrics(app.get(METRICS));
  fastify.addHook('onResponse', async (request, reply) => {
    observe(request.method, request.routeOptions?.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
