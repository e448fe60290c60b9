import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { metricsAuthorized } from '@poems/runtime';
import type { AppConfig } from '@poems/config';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { documentRoute } from '../docs/route-docs';
import { HttpProblem } from '../http/http-problem';
import { Public } from '../http/request-context';
import { APP_CONFIG, METRICS } from '../platform/tokens';

const METRICS_ROUTE = documentRoute({
  method: 'GET',
  path: '/metrics',
  summary: 'Prometheus metrics of this API process',
  description:
    'Request latency per route (`poems_http_request_duration_seconds`), append latency (`poems_event_store_append_seconds`), projection lag ' +
    '(`poems_projection_lag_events`, `_seconds`), queue depths (`poems_queue_jobs`) and the process (CPU, memory, event loop). ' +
    'With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`. No patient data is in any metric.',
  tag: 'Meta',
  roles: 'public',
  produces: ['text/plain'],
  responses: { 200: 'Prometheus text format 0.0.4', 401: 'METRICS_TOKEN is set and was not sent' },
});

@Controller()
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get(METRICS_ROUTE.nestPath)
  async metrics(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!metricsAuthorized(authorization, this.config.METRICS_TOKEN)) throw new HttpProblem(401, 'METRICS_TOKEN_REQUIRED', 'Send Authorization: Bearer <METRICS_TOKEN>');
    void reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
