import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import { type Infrastructure, metricsAuthorized } from '@poems/runtime';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AlertsService } from './alerts.service';
import { ProjectionsService } from './projections.service';
import { APP_CONFIG, INFRASTRUCTURE, LOGGER, METRICS } from './tokens';

async function answers(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * The worker's own small HTTP listener (WORKER_PORT, on HOST), for the orchestrator and
 * Prometheus: GET /health/live (the process answers), GET /health/ready (PostgreSQL answers and
 * the projections run; Redis down is `degraded`: the projections still record what is owed), and
 * GET /metrics. Nothing else is served.
 */
@Injectable()
export class OpsServerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly registry: Registry,
    private readonly projections: ProjectionsService,
    private readonly alerts: AlertsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger.error({ err: error, url: request.url }, 'ops request failed');
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 500, message: 'internal error' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.WORKER_PORT, this.config.HOST, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.logger.info({ url: `http://${this.config.HOST}:${port}`, port }, 'worker health and metrics listening');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return json(405, { status: 405, message: 'GET only' });
    if (path === '/health/live') return json(200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
    if (path === '/health/ready' || path === '/health') {
      const [database, redis] = await Promise.all([answers(() => this.infra.pool.query('SELECT 1')), this.alerts.redisAnswers()]);
      const projections = this.projections.running ? { ok: true, running: this.projections.running.definitions.map((d) => d.name) } : { ok: false, error: 'not started yet' };
      const ready = database.ok && projections.ok;
      const status = !ready ? 'unavailable' : redis ? 'ok' : 'degraded';
      return json(ready ? 200 : 503, {
        status,
        ...(status === 'degraded' && { degraded: ['redis: jobs (evaluations, escalations, deliveries) wait; projections keep recording what is owed'] }),
        checks: { database, redis: { ok: redis }, projections },
      });
    }
    if (path === '/metrics') {
      if (!metricsAuthorized(request.headers.authorization, this.config.METRICS_TOKEN)) return json(401, { status: 401, message: 'Send Authorization: Bearer <METRICS_TOKEN>' });
      const text = await this.registry.metrics();
      response.writeHead(200, { 'content-type': this.registry.contentType });
      response.end(text);
      return;
    }
    return json(404, { status: 404, message: 'Not found: /health/live, /health/ready, /metrics' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }
}
