import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@poems/event-store';
import { SEED_PROTOCOL } from '@poems/protocol';
import { createTestSchema, recordCommands, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema, thalidomideHistory } from '@poems/testing';

const ROOT = join(__dirname, '../../..');

/** `npm run protocol:preview` as an operator runs it: the built CLI over a real schema (issue 12). */
describe('the protocol impact preview command', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let dir: string;
  const patientId = randomUUID();
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), 'protocol:preview', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: db.schema,
        REDIS_URL: TEST_REDIS_URL,
        AUTH_JWT_SECRET: 'cli-secret-'.padEnd(40, 'x'),
        DATA_KEY_ENCRYPTION_KEY: '33'.repeat(32),
        RESEARCH_PSEUDONYM_KEY: '44'.repeat(32),
      },
    });
  const file = (name: string, content: object) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    db = await createTestSchema('preview');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    await recordCommands(store, thalidomideHistory(patientId));
    dir = mkdtempSync(join(tmpdir(), 'candidate-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await store.close();
    await db.drop();
  });

  it('prints, per patient and rule, what a candidate would add, with progress, and writes nothing', async () => {
    const before = await db.pool.query(`SELECT count(*)::int AS n FROM ${db.schema}.events`);
    // Dexamethasone 21 mg against 20.4 mg: within the seed's 10%, not within 1%.
    const strict = file('strict.json', { ...structuredClone(SEED_PROTOCOL), version: 2, title: 'Seed, 1% dose tolerance', doseTolerance: 0.01 });
    const json = cli('--protocol', strict, '--json');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.candidate).toEqual({ id: 'poems-seed', version: 2, title: 'Seed, 1% dose tolerance' });
    expect(report.patients.map((p: any) => p.patientId)).toEqual([patientId]);
    expect(report.byRule.DOSE_OFF_PROTOCOL).toEqual({ added: 4, removed: 0 });
    expect(json.stderr).toContain('replaying patients: 1 / 1');
    const text = cli('--protocol', strict);
    expect(text.stdout).toContain(`patient ${patientId}:`);
    expect(text.stdout).toMatch(/\+ DOSE_OFF_PROTOCOL 2025-01-07T09:00:00\.000Z: Dexamethasone 21 mg given 2025-01-07/);
    expect(text.stdout).toContain('1 patients replayed, 0 could not be; nothing was written.');
    const after = await db.pool.query(`SELECT count(*)::int AS n FROM ${db.schema}.events`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  }, 60_000);

  it('refuses an invalid candidate naming the file and the field, and a published version', () => {
    const bad = file('bad.json', { ...structuredClone(SEED_PROTOCOL), version: 3, safety: { ...SEED_PROTOCOL.safety, pregnancy: { ...SEED_PROTOCOL.safety.pregnancy, graceDays: -1 } } });
    const refused = cli('--protocol', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('bad.json is invalid');
    expect(refused.stderr).toContain('safety.pregnancy.graceDays');
    const published = cli('--protocol', file('v1.json', { ...structuredClone(SEED_PROTOCOL), doseTolerance: 0.2 }));
    expect(published.status).toBe(1);
    expect(published.stderr).toContain('PROTOCOL_CONFLICT');
    expect(cli().stderr).toContain('Usage: npm run protocol:preview -- --protocol <file.json>');
  });
});
