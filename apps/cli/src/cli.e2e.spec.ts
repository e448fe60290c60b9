import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TokenVerifier } from '@poems/auth';
import { PostgresEventStore } from '@poems/event-store';
import { createTestSchema, recordCommands, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema, thalidomideHistory } from '@poems/testing';

const ROOT = join(__dirname, '../../..');
const SECRET = 'cli-secret-'.padEnd(40, 'x');

describe('the operator CLI', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  const patientId = randomUUID();
  let midway: string;
  const cliWith = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: db.schema,
        REDIS_URL: TEST_REDIS_URL,
        AUTH_JWT_SECRET: SECRET,
        DATA_KEY_ENCRYPTION_KEY: '33'.repeat(32),
        RESEARCH_PSEUDONYM_KEY: '44'.repeat(32),
        ...env,
      },
    });
  const cli = (...args: string[]) => cliWith({}, ...args);

  beforeAll(async () => {
    db = await createTestSchema('cli');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    const history = thalidomideHistory(patientId);
    await recordCommands(store, history.slice(0, 4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    midway = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recordCommands(store, history.slice(4));
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('mints a token that the API would accept, with its issuer and audience, never longer-lived than allowed', async () => {
    const result = cli('token', '--sub', 'alice', '--role', 'clinician', '--team', 'haem-a');
    expect(result.status).toBe(0);
    const verifier = new TokenVerifier({ local: { secret: SECRET, issuer: 'poems-monitor', audience: 'poems-monitor' }, policy: { leewaySeconds: 30, maxLifetimeSeconds: 12 * 3600 } });
    await expect(verifier.verify(result.stdout.trim())).resolves.toMatchObject({ principal: { userId: 'alice', roles: ['clinician'], careTeams: ['haem-a'] } });
    expect(cli('token', '--sub', 'bob', '--role', 'wizard').stderr).toContain('Unknown role wizard');
    expect(cli('token', '--sub', 'bob', '--role', 'admin', '--hours', '13').stderr).toContain('--hours must be more than 0 and at most 12');
  });

  it('replays a patient as the system held it at a past moment, without identity unless asked', () => {
    const then = JSON.parse(cli('audit:replay', '--patient', patientId, '--at', midway).stdout);
    const now = JSON.parse(cli('audit:replay', '--patient', patientId).stdout);
    expect(then.eventsFolded).toBe(4);
    expect(then.state.thalidomide).toHaveLength(1);
    expect(now.state.thalidomide).toHaveLength(2);
    expect(then.identity).toContain('not shown');
    expect(JSON.stringify(then)).not.toContain('Test Patient');
    expect(cli('audit:replay', '--patient', patientId, '--at', 'yesterday').stderr).toContain('--at must be an ISO time');
  });

  it('verifies the log, and exits 1 naming the first broken link after tampering', async () => {
    const ok = cli('audit:verify');
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('OK:');
    await db.pool.query(`UPDATE ${db.schema}.events SET data = jsonb_set(data, '{value}', '1') WHERE stream_id = $1 AND type = 'LabResultRecorded' AND stream_revision = 1`, [`patient-${patientId}`]);
    const broken = cli('audit:verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`TAMPERING DETECTED: patient-${patientId} revision 1`);
    expect(JSON.parse(broken.stdout).firstProblem).toMatchObject({ kind: 'CONTENT_ALTERED', revision: 1 });
  });

  it('rebuilds a projection and says so', () => {
    const result = cli('projections:rebuild', 'timeline');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/timeline: generation 2, \d+ events/);
    expect(cli('projections:rebuild', 'nonsense').stderr).toContain('Unknown projection "nonsense"');
  });

  describe('migrations as their own step', () => {
    it('migrates a fresh schema with db:migrate, which processes in verify mode then accept', async () => {
      const fresh = await createTestSchema('climig');
      try {
        const env = { DATABASE_SCHEMA: fresh.schema, DATABASE_MIGRATIONS: 'verify' };
        const refused = cliWith(env, 'audit:verify');
        expect(refused.status).toBe(2);
        expect(refused.stderr).toContain('npm run db:migrate');
        expect(refused.stderr).not.toMatch(/\n\s+at /); // an operator's message, not a stack trace
        const migrated = cliWith(env, 'db:migrate');
        expect(migrated.stderr).toBe('');
        expect(migrated.stdout).toContain(`schema ${fresh.schema} is up to date`);
        expect(cliWith(env, 'db:migrate').status).toBe(0);
        expect(cliWith(env, 'audit:verify').status).toBe(0);
      } finally {
        await fresh.drop();
      }
    });

    it('says what is wrong, without a stack trace, when PostgreSQL is not there', () => {
      const result = cliWith({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }, 'audit:verify');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Cannot connect to PostgreSQL');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
