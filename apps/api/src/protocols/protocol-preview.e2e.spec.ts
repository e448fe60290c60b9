import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { SEED_PROTOCOL } from '@poems/protocol';
import { createTestSchema, eventually } from '@poems/testing';
import { startApiProcess } from '../testing/api-process';
import { startTestApi, type TestApi } from '../testing/test-api';

const END_DATE = '2026-11-01';
const NOW = new Date('2026-11-01T12:00:00Z');
const candidate = (change: object) => ({ ...structuredClone(SEED_PROTOCOL), version: 2, title: 'Seed without dexamethasone grace', ...change });

describe('the impact preview of a candidate protocol over an imported cohort (issue 12)', () => {
  let api: TestApi;
  let admin: string;
  const cohort = generateCohort({ endDate: END_DATE, patients: 8 });

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW, withAlerts: true });
    admin = api.token('admin', ['admin']);
    const imported = await api.request('POST', '/v1/import', { raw: toNdjson(cohort.commands), token: admin, headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.status).toBe(200);
    const planted = cohort.patients.flatMap((p) => p.problems).length;
    await eventually(async () => {
      await api.projectionsCaughtUp();
      const { body } = await api.request('GET', '/v1/alerts?limit=500', { token: admin });
      return body.items.length >= planted ? true : undefined;
    }, 'the planted alerts', 60_000);
  }, 120_000);
  afterAll(() => api.close());

  const preview = (body: unknown, token = admin) => api.request('POST', '/v1/admin/protocol-preview', { token, body });

  it('under the published rules themselves, changes nothing for anyone', async () => {
    const { status, body } = await preview(candidate({ title: 'Same as v1' }));
    expect(status).toBe(200);
    expect(body.patients).toHaveLength(8);
    expect(body.byRule).toEqual({});
    expect(body.patients.every((p: any) => p.added.length === 0 && p.removed.length === 0)).toBe(true);
  });

  it('lists per patient and rule what a candidate would add and remove, and writes nothing', async () => {
    const before = await api.db.pool.query(`SELECT count(*)::int AS n FROM ${api.db.schema}.events`);
    // 30 days of grace forgive the planted 56-day gap; a 1% dose tolerance catches doses rounded to 0.5 mg.
    const other = candidate({ doseTolerance: 0.01, dexamethasone: { ...SEED_PROTOCOL.dexamethasone, graceDays: 30 } });
    const { status, body } = await preview(other);
    expect(status).toBe(200);
    expect(body.candidate).toEqual({ id: 'poems-seed', version: 2, title: 'Seed without dexamethasone grace' });
    expect(body.byRule.DEX_CYCLE_MISSED).toEqual({ added: 0, removed: 1 });
    expect(body.byRule.DOSE_OFF_PROTOCOL.added).toBeGreaterThan(0);
    const planted = cohort.patients.find((p) => p.problems.some((x) => x.rule === 'DEX_CYCLE_MISSED'))!;
    expect(body.patients.find((p: any) => p.patientId === planted.id).removed).toEqual([expect.objectContaining({ rule: 'DEX_CYCLE_MISSED' })]);
    const after = await api.db.pool.query(`SELECT count(*)::int AS n FROM ${api.db.schema}.events`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses an invalid candidate naming each field, a published version, and anyone but an admin', async () => {
    const bad = await preview(candidate({ safety: { ...SEED_PROTOCOL.safety, dispensing: { ...SEED_PROTOCOL.safety.dispensing, maxDaysSupply: 0 } } }));
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ field: 'safety.dispensing.maxDaysSupply' })]);
    expect((await preview({ ...candidate({}), version: 1, doseTolerance: 0.2 })).status).toBe(409);
    expect((await preview(candidate({}), api.token('dr', ['clinician'], ['haem-a']))).status).toBe(403);
  });
});

describe('a bad file in PROTOCOL_DIRECTORY', () => {
  it('stops the API at start-up, naming the file, the field and the reason', async () => {
    const db = await createTestSchema('badproto');
    const dir = mkdtempSync(join(tmpdir(), 'protocols-'));
    try {
      writeFileSync(join(dir, 'kyoto.json'), JSON.stringify(candidate({ id: 'kyoto', version: 1, thalidomideRange: { minMgPerDay: 300, maxMgPerDay: 350, source: 'x' } })));
      const refusal = await startApiProcess(db.schema, { AUTH_JWT_SECRET: 's'.repeat(40), PROTOCOL_DIRECTORY: dir }).then(
        async (running) => {
          await running.stop();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(refusal).toContain('poems-api failed to start: Protocol file');
      expect(refusal).toContain('kyoto.json is invalid');
      expect(refusal).toContain('thalidomideRange: the range must hold the start and escalated doses');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }, 60_000);
});
