import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { signToken, type UserRole } from '@poems/auth';
import { type AppConfig, loadConfig, localTokenKey } from '@poems/config';
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema } from '@poems/testing';
import pino, { type Logger } from 'pino';
import { createApiApp } from '../api-app';
import { INFRASTRUCTURE } from '../platform/tokens';
import type { Infrastructure } from '@poems/runtime';
import { allProjections, ProjectionCatalog, ProjectionGroup } from '@poems/projections';
import { type AlertEngine, openAlertEngine } from '@poems/alerts-engine';
import { eventually } from '@poems/testing';

export const TEST_SECRET = 'test-secret-'.padEnd(40, 'x');

export interface TestApi {
  url: string;
  app: NestFastifyApplication;
  db: TestSchema;
  config: AppConfig;
  infra: Infrastructure;
  /** A token of this API's own issuer and audience (12 h unless `expiresInSeconds`). */
  token(sub: string, roles: UserRole[], careTeams?: string[], options?: { expiresInSeconds?: number }): string;
  /** fetch against the API with a bearer token and JSON body. */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  engine?: AlertEngine;
  /** Waits until every projection has processed everything stored so far (needs `withProjections`). */
  projectionsCaughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  env?: Record<string, string>;
  clock?: () => Date;
  /** Run the projection runners in this process, as the worker would. */
  withProjections?: boolean;
  /** Also run the alert engine (BullMQ workers, sweeper, its projections) in this process. */
  withAlerts?: boolean;
  /** The alert engine's clock (defaults to `clock`). */
  engineClock?: () => Date;
  /** The API's logger (silent by default). */
  logger?: Logger;
  /** Listen on this port (default: any free one), e.g. one an identity provider already redirects to. */
  port?: number;
}

/** The real API on a random port, on its own PostgreSQL schema. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const overrides = options.env ?? {};
  const clock = options.clock;
  const db = await createTestSchema('api');
  const config = loadConfig({
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: db.schema,
    REDIS_URL: TEST_REDIS_URL,
    AUTH_JWT_SECRET: TEST_SECRET,
    DATA_KEY_ENCRYPTION_KEY: '11'.repeat(32),
    RESEARCH_PSEUDONYM_KEY: '22'.repeat(32),
    DATABASE_POOL_SIZE: '8',
    QUEUE_PREFIX: `t-${db.schema}`,
    ALERT_SWEEP_INTERVAL_MS: '300',
    LOG_LEVEL: 'silent',
    // Tests send thousands of requests from one address and user; the rate-limit test sets its own.
    RATE_LIMIT_PER_ADDRESS: '1000000',
    RATE_LIMIT_PER_PRINCIPAL: '1000000',
    // Every test API has its own MLLP listener, on a free port.
    HL7_MLLP_PORT: '0',
    ...overrides,
  });
  let app: NestFastifyApplication;
  try {
    app = await createApiApp({ config, logger: options.logger ?? pino({ level: process.env.TEST_API_LOG ?? 'silent' }), clock });
    await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const infra = app.get<Infrastructure>(INFRASTRUCTURE);
  const catalog = new ProjectionCatalog(infra.pool, infra.schema);
  let engine: AlertEngine | undefined;
  let closeEngine = async () => undefined as void;
  const projections = allProjections(config);
  if (options.withAlerts) {
    const opened = await openAlertEngine({ config, infra, logger: pino({ level: process.env.TEST_ENGINE_LOG ?? 'silent' }), clock: options.engineClock ?? clock });
    engine = opened.engine;
    engine.start();
    projections.push(...engine.projections());
    closeEngine = async () => {
      await opened.engine.stop();
      // Each test's queues live under their own prefix: remove them with the test.
      await Promise.all(Object.values(opened.queues).map((queue) => queue.obliterate({ force: true }).catch(() => undefined)));
      await opened.close();
    };
  }
  // As the worker runs them: one group, one read of the global order, one commit per batch.
  const runners = options.withProjections || options.withAlerts ? [new ProjectionGroup(catalog, infra.rawStore, projections)] : [];
  runners.forEach((runner) => runner.start());
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    app,
    db,
    config,
    infra,
    token: (sub, roles, careTeams = [], tokenOptions = {}) => signToken({ sub, roles, careTeams }, localTokenKey(config), tokenOptions),
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(options.body);
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (CSV, SSE): leave as text
      }
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    async projectionsCaughtUp() {
      const head = await infra.rawStore.headPosition();
      await eventually(async () => (await catalog.states()).length >= projections.length && (await catalog.states()).every((s) => s.checkpoint >= head), 'projections to catch up');
    },
    engine,
    async close() {
      await Promise.all(runners.map((runner) => runner.stop()));
      await closeEngine();
      await app.close();
      await db.drop();
    },
  };
}
