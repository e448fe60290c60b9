import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Headers that carry credentials: logged as `[redacted]`, never their value. */
export const REDACTED_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];
/**
 * Query parameters whose names suggest a credential. Matched on the *decoded* query, so
 * `?%74oken=` or `?TOKEN=` is caught as well as `?token=`; pino's `redact` paths are exact and
 * case-sensitive, which is why the query is censored here rather than there.
 */
const SECRET_PARAMETER = /token|ticket|secret|passw|auth|session|signature|assertion|key|^code$/i;
const CENSOR = '[redacted]';
const PARSED_QUERY = Symbol('poems.parsedQuery');

type LoggedRequest = IncomingMessage & { [PARSED_QUERY]?: unknown };

/**
 * One structured line per request when its answer ends (streams too: when they close), with the
 * path, the decoded query and the headers, credentials redacted. The raw URL is never logged: it
 * holds whatever the client encoded into it.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  const httpLogger = pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    redact: { paths: REDACTED_HEADERS.map((name) => `req.headers["${name}"]`), censor: CENSOR },
    serializers: {
      req: (req: { id: unknown; method: string; headers: Record<string, unknown>; remoteAddress?: string; raw: LoggedRequest }) => ({
        id: req.id,
        method: req.method,
        path: (req.raw.url ?? '').split('?')[0],
        query: censorQuery(req.raw[PARSED_QUERY]),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw as LoggedRequest;
    raw.id = request.id;
    raw[PARSED_QUERY] = request.query;
    httpLogger(raw, reply.raw);
    done();
  });
}

export function censorQuery(query: unknown): Record<string, unknown> | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, SECRET_PARAMETER.test(name) ? CENSOR : value]));
}
