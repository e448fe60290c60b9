import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@poems/config';
import { HttpProblem } from './http-problem';

/**
 * Headers and throttling for every answer, registered before the routes (the rate limiter hooks
 * each route as it is added):
 * - `Cache-Control: no-store` and `X-Content-Type-Options: nosniff` on every answer, errors and
 *   streams included (set on the raw response, so hijacked answers carry them too); a route may
 *   set its own Cache-Control.
 * - helmet: a CSP that forbids everything for API answers (JSON needs nothing), frame-ancestors
 *   'none', no referrer, HSTS (browsers heed it once the API is served over TLS).
 * - a rate limit per client address on every route, before authentication, so floods of bad
 *   tokens are refused too (429); the per-user limit is PrincipalRateLimitGuard, after it.
 *   Counters live in this process: with several API processes, each counts its own.
 */
export async function registerSecurityPlugins(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (_request, reply) => {
    reply.raw.setHeader('cache-control', 'no-store');
    reply.raw.setHeader('x-content-type-options', 'nosniff');
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_ADDRESS,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => `address:${request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        'RATE_LIMITED',
        `Too many requests from your address: at most ${context.max} per ${config.RATE_LIMIT_WINDOW_MS / 1000} s (RATE_LIMIT_PER_ADDRESS). Retry after ${context.after}.`,
      ),
  });
}
