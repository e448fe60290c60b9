import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Infrastructure } from '@poems/runtime';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { documentRoute } from '../docs/route-docs';
import { Public } from '../http/request-context';
import { INFRASTRUCTURE, REDIS } from '../platform/tokens';

const HEALTH = documentRoute({
  method: 'GET',
  path: '/health',
  summary: 'Liveness and readiness: is the process up, and are PostgreSQL and Redis reachable?',
  description: '200 when every dependency answers, 503 (with which one failed) otherwise. Commands keep working without Redis.',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'Ready', 503: 'A dependency is unreachable' },
});

interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
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
  @Get(HEALTH.nestPath)
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, redis] = await Promise.all([timed(() => this.infra.pool.query('SELECT 1')), timed(() => this.redis.ping())]);
    const ok = database.ok && redis.ok;
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
  }
}
