import { USER_ROLES, type UserRole } from '@poems/auth';
import { DEFAULT_CLINIC_TIME_ZONE, isTimeZone } from '@poems/kernel';
import { z } from 'zod';

/**
 * Everything the apps read from the environment, parsed once at start-up. A bad value stops the
 * process with a message naming the variable and what to do, rather than failing later.
 */
const durationMs = z.coerce.number().int().positive();

const flag = z.enum(['true', 'false']).default('false').transform((value) => value === 'true');
const byteCount = z.coerce.number().int().min(1024);

/** Comma-separated host names, IP addresses or CIDR blocks (IPv4 or IPv6). */
const hostList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^(?:[a-z0-9.-]+|[0-9a-f:.]+(?:\/\d{1,3})?)$/, 'each entry is a host name, an IP address or a CIDR block such as 10.20.0.0/16'),
    ),
  );
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `their-role=our-role,…`: the identity provider's role names (any text but `=` and `,`) → ours. */
const roleMap = z
  .string()
  .transform((text, ctx) => {
    const map: Record<string, UserRole> = {};
    for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [theirs, ours, extra] = pair.split('=').map((part) => part.trim());
      if (!theirs || !ours || extra !== undefined || !(USER_ROLES as readonly string[]).includes(ours)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" must be <their role>=<one of ${USER_ROLES.join(', ')}>` });
        return z.NEVER;
      }
      map[theirs] = ours as UserRole;
    }
    return map;
  })
  .optional();

const hexKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`');

export const appConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/test'),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
      .default('poems'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().min(1).default('poems'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    // The worker's own listener: /health/live, /health/ready, /metrics (0: any free port, logged).
    WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    // When set, GET /metrics (API and worker) requires `Authorization: Bearer <METRICS_TOKEN>`.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters; generate one with `openssl rand -hex 16`').optional(),
    // auto: each process applies pending migrations at start-up; verify: it refuses to start on a
    // schema that `npm run db:migrate` has not brought up to date.
    DATABASE_MIGRATIONS: z.enum(['auto', 'verify']).default('auto'),
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -hex 32`'),
    AUTH_JWT_ISSUER: z.string().min(1).default('poems-monitor'),
    AUTH_JWT_AUDIENCE: z.string().min(1).default('poems-monitor'),
    // At most a week: a stream's end-of-token timer must fit a 32-bit setTimeout (24.8 days), and no clinical token should live that long.
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: count(60, 7 * 86_400).default(12 * 3600),
    AUTH_CLOCK_LEEWAY_SECONDS: count(0, 300).default(30),
    AUTH_OIDC_ISSUER: z.url().optional(),
    AUTH_OIDC_AUDIENCE: z.string().min(1).optional(),
    AUTH_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
    AUTH_OIDC_CARE_TEAMS_CLAIM: z.string().min(1).default('careTeams'),
    AUTH_OIDC_ROLE_MAP: roleMap,
    // Web sign-in (authorization code + PKCE, server-side session): this API's client at the provider.
    AUTH_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    AUTH_OIDC_SCOPE: z.string().min(1).default('openid profile'),
    WEB_PUBLIC_URL: z.url().optional(),
    WEB_SESSION_IDLE_SECONDS: count(60, 86_400).default(30 * 60),
    EVENT_STORE: z.enum(['postgres', 'eventstoredb']).default('postgres'),
    EVENTSTORE_CONNECTION_STRING: z.string().optional(),
    // The server's MaxAppendSize (KURRENTDB_MAX_APPEND_SIZE): larger appends are refused before any write.
    EVENTSTORE_MAX_APPEND_SIZE: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(1024 * 1024),
    DATA_KEY_ENCRYPTION_KEY: hexKey,
    RESEARCH_PSEUDONYM_KEY: hexKey,
    MAX_CLOCK_SKEW_MS: durationMs.default(5 * 60_000),
    SEAL_INTERVAL_MS: durationMs.default(60_000),
    ALERT_ESCALATION_AFTER_MS: durationMs.default(4 * 60 * 60_000),
    WEBHOOK_TIMEOUT_MS: durationMs.default(5_000),
    READ_YOUR_WRITES_TIMEOUT_MS: durationMs.default(5_000),
    ALERT_SWEEP_INTERVAL_MS: durationMs.default(5_000),
    ALERT_JOB_LOCK_MS: durationMs.default(30_000),
    ALERT_STREAMS_PER_PRINCIPAL: count(1, 1_000).default(5),
    ALERT_STREAMS_MAX: count(1, 100_000).default(100),
    ALERT_STREAM_REPLAY_MAX_EVENTS: count(0, 10_000_000).default(10_000),
    PROJECTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    IMPORT_MAX_LINE_BYTES: byteCount.default(256 * 1024),
    IMPORT_MAX_BODY_BYTES: byteCount.default(256 * 1024 * 1024),
    WEBHOOK_ALLOWED_HOSTS: hostList,
    WEBHOOK_ALLOW_HTTP: flag,
    WEBHOOK_MAX_PER_TEAM: z.coerce.number().int().min(1).max(1000).default(10),
    WEBHOOK_REGISTRATION: z.enum(['admins', 'care-team-clinicians']).default('admins'),
    RATE_LIMIT_WINDOW_MS: durationMs.default(60_000),
    RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(3000),
    RATE_LIMIT_PER_PRINCIPAL: z.coerce.number().int().min(1).default(1200),
    TRUST_PROXY: z.string().default(''),
    ACCESS_LOG_REPEAT_WINDOW_MS: durationMs.default(60_000),
    MRN_ASSIGNING_AUTHORITY: z.string().trim().min(1).max(64).default('HOSP'),
    HL7_MLLP_PORT: z.coerce.number().int().min(0).max(65535).default(2575),
    HL7_MLLP_HOST: z.string().default('127.0.0.1'),
    HL7_MAPPING_FILE: z.string().optional(),
    HL7_MAX_MESSAGE_BYTES: byteCount.max(64 * 1024 * 1024).default(1024 * 1024),
    HL7_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(10_000).default(32),
    HL7_IDLE_TIMEOUT_MS: durationMs.default(120_000),
    CDS_HOOKS_CLIENTS_FILE: z.string().optional(),
    PUBLIC_BASE_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Issues 12 and 16: the clinic's calendar and protocols a hospital adds without a release.
    CLINIC_TIME_ZONE: z
      .string()
      .default(DEFAULT_CLINIC_TIME_ZONE)
      .refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Asia/Tokyo or Europe/Paris'),
    PROTOCOL_DIRECTORY: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_CONNECTION_STRING) {
      ctx.addIssue({
        code: 'custom',
        path: ['EVENTSTORE_CONNECTION_STRING'],
        message: 'is required when EVENT_STORE=eventstoredb (e.g. esdb://127.0.0.1:2113?tls=false or kurrentdb://127.0.0.1:2113?tls=false)',
      });
    }
    if (config.AUTH_OIDC_ISSUER) {
      if (!config.AUTH_OIDC_AUDIENCE) {
        ctx.addIssue({ code: 'custom', path: ['AUTH_OIDC_AUDIENCE'], message: "is required with AUTH_OIDC_ISSUER: the `aud` the provider's access tokens carry for this API" });
      }
      const issuer = new URL(config.AUTH_OIDC_ISSUER);
      if (issuer.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)) {
        ctx.addIssue({ code: 'custom', path: ['AUTH_OIDC_ISSUER'], message: 'must be https (plain http only on localhost, for tests and demos)' });
      }
      if (config.AUTH_OIDC_ISSUER === config.AUTH_JWT_ISSUER) {
        ctx.addIssue({ code: 'custom', path: ['AUTH_OIDC_ISSUER'], message: 'must differ from AUTH_JWT_ISSUER (the issuer decides which key checks a token)' });
      }
    }
    if (config.AUTH_OIDC_CLIENT_ID) {
      if (!config.AUTH_OIDC_ISSUER) ctx.addIssue({ code: 'custom', path: ['AUTH_OIDC_CLIENT_ID'], message: 'needs AUTH_OIDC_ISSUER: web sign-in goes to that provider' });
      if (!config.AUTH_OIDC_CLIENT_SECRET) ctx.addIssue({ code: 'custom', path: ['AUTH_OIDC_CLIENT_SECRET'], message: "is required with AUTH_OIDC_CLIENT_ID: the client's secret at the provider" });
    }
    if (config.WEB_PUBLIC_URL && new URL(config.WEB_PUBLIC_URL).protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(new URL(config.WEB_PUBLIC_URL).hostname)) {
      ctx.addIssue({ code: 'custom', path: ['WEB_PUBLIC_URL'], message: 'must be https (plain http only on localhost): session cookies travel over it' });
    }
    if (config.ALERT_STREAMS_PER_PRINCIPAL > config.ALERT_STREAMS_MAX) {
      ctx.addIssue({ code: 'custom', path: ['ALERT_STREAMS_PER_PRINCIPAL'], message: 'may not exceed ALERT_STREAMS_MAX' });
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and the README's Configuration section.`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = appConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}
