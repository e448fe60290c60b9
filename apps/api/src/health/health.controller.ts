import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Infrastructure } from '@poems/runtime';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { documentRoute } from '../docs/route-docs';
import { Public } from '../http/request-context';
import { INFRASTRUCTURE, REDIS } from '../platform/tokens';

const READINESS = {
  summary: 'Readiness: can this API serve? PostgreSQL must answer; Redis down leaves it ready but degraded',
  description:
    '200 `ok` when PostgreSQL and Redis answer; 200 `degraded` when only Redis does not (commands and queries still work: alerts are ' +
    'recorded and fire once Redis returns); 503 `unavailable` when PostgreSQL does not. Route traffic on this; page on `degraded`.',
  tag: 'Meta',
  roles: 'public' as const,
  responses: { 200: 'Ready (status ok or degraded, with each check)', 503: 'PostgreSQL is unreachable' },
};
const HEALTH = documentRoute({ method: 'GET', path: '/health', ...READINESS });
const READY = documentRoute({ method: 'GET', path: '/health/ready', ...READINESS });
const LIVE = documentRoute({
  method: 'GET',
  path: '/health/live',
  summary: 'Liveness: the process is up and its event loop answers (no dependency is checked)',
  description: 'Restart the process when this fails; a database or Redis outage does not fail it (see /health/ready).',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'Alive' },
});

interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export async function timed(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

@Controller()
export class HealthController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get(LIVE.nestPath)
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Public()
  @Get(HEALTH.nestPath)
  health(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.ready(reply);
  }

  @Public()
  @Get(READY.nestPath)
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, redis] = await Promise.all([timed(() => this.infra.pool.query('SELECT 1')), timed(() => this.redis.ping())]);
    const status = !database.ok ? 'unavailable' : redis.ok ? 'ok' : 'degraded';
    void reply.status(database.ok ? 200 : 503);
    return {
      status,
      ...(status === 'degraded' && { degraded: ['redis: alert evaluations, escalations and webhook deliveries wait until Redis answers; commands and reads work'] }),
      checks: { database, redis },
    };
  }
}
