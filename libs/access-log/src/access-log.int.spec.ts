import { randomUUID } from 'node:crypto';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { AccessLog } from './access-log';

describe('the access log', () => {
  let db: TestSchema;
  let log: AccessLog;
  beforeEach(async () => {
    db = await createTestSchema('access');
    log = await AccessLog.create({ pool: db.pool, schema: db.schema });
  });
  afterEach(() => db.drop());

  it('records reads and finds them by patient and actor, newest first', async () => {
    const patientId = randomUUID();
    await log.record({ actor: 'alice', role: 'clinician', action: 'read-timeline', patientId, endpoint: 'GET /v1/patients/x/timeline', outcome: 200, purpose: 'treatment' });
    await log.record({ actor: 'bob', role: 'auditor', action: 'read-patient-events', patientId, endpoint: 'GET /v1/patients/x/events', outcome: 200 });
    await log.record({ actor: 'alice', role: 'clinician', action: 'read-timeline', patientId: randomUUID(), endpoint: 'GET', outcome: 403 });
    expect((await log.find({ patientId })).map((e) => e.actor)).toEqual(['bob', 'alice']);
    expect((await log.find({ actor: 'alice' })).map((e) => e.outcome)).toEqual([403, 200]);
    expect((await log.find({ patientId, actor: 'alice' }))[0]).toMatchObject({ purpose: 'treatment', role: 'clinician' });
  });

  it('refuses to be changed or emptied', async () => {
    await log.record({ actor: 'alice', role: 'clinician', action: 'read-timeline', endpoint: 'GET', outcome: 200 });
    await expect(db.pool.query(`UPDATE ${db.schema}.access_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM ${db.schema}.access_log`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE ${db.schema}.access_log`)).rejects.toThrow(/append-only/);
    expect(await log.find()).toHaveLength(1);
  });
});

describe('repeated identical refusals', () => {
  let db: TestSchema;
  beforeEach(async () => {
    db = await createTestSchema('access');
  });
  afterEach(() => db.drop());

  const refusal = (patientId: string, outcome = 403) => ({ actor: 'mallory', role: 'clinician', action: 'read-timeline', patientId, endpoint: 'GET /v1/patients/x/timeline', outcome });

  it('are one row with their count, while allowed reads and different refusals keep their own rows', async () => {
    const log = await AccessLog.create({ pool: db.pool, schema: db.schema, repeatWindowMs: 60_000 });
    const [a, b] = [randomUUID(), randomUUID()];
    await Promise.all(Array.from({ length: 50 }, () => log.record(refusal(a))));
    await log.record(refusal(b));
    await log.record(refusal(a, 404));
    await log.record({ ...refusal(a), outcome: 200 });
    await log.record({ ...refusal(a), outcome: 200 });
    const entries = await log.find({ actor: 'mallory' });
    const counts = entries.map((e) => `${e.patientId === a ? 'a' : 'b'} ${e.outcome} x${e.repeatCount}`).sort();
    // 50 at once, possibly straddling a window's end: one row per window, none lost from the count.
    const refusedA = entries.filter((e) => e.patientId === a && e.outcome === 403);
    expect(refusedA.reduce((sum, e) => sum + e.repeatCount, 0)).toBe(50);
    expect(refusedA.length).toBeLessThanOrEqual(2);
    expect(counts.filter((c) => !c.startsWith('a 403'))).toEqual(['a 200 x1', 'a 200 x1', 'a 404 x1', 'b 403 x1']);
    expect(refusedA.some((e) => e.lastAt !== null)).toBe(true);
    // Refusals with no patient are collapsed alike.
    await log.record({ ...refusal(a), patientId: null });
    await log.record({ ...refusal(a), patientId: null });
    expect((await log.find({ actor: 'mallory' })).filter((e) => e.patientId === null).map((e) => e.repeatCount)).toEqual([2]);
  });

  it('start a new row once the window has passed', async () => {
    const log = await AccessLog.create({ pool: db.pool, schema: db.schema, repeatWindowMs: 400 });
    const a = randomUUID();
    // Start just after a window begins, so the first two fall in the same one.
    await new Promise((resolve) => setTimeout(resolve, 400 - (Date.now() % 400) + 20));
    await log.record(refusal(a));
    await log.record(refusal(a));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await log.record(refusal(a));
    expect((await log.find({ patientId: a })).map((e) => e.repeatCount)).toEqual([1, 2]);
  });

  it('are the only change the table accepts: one more on a refusal, nothing else altered', async () => {
    const log = await AccessLog.create({ pool: db.pool, schema: db.schema });
    await log.record(refusal(randomUUID()));
    await log.record({ ...refusal(randomUUID()), outcome: 200 });
    const table = `${db.schema}.access_log`;
    await expect(db.pool.query(`UPDATE ${table} SET repeat_count = repeat_count + 1, last_at = clock_timestamp() WHERE outcome = 200`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE ${table} SET repeat_count = repeat_count + 5, last_at = clock_timestamp() WHERE outcome = 403`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE ${table} SET repeat_count = repeat_count + 1, last_at = clock_timestamp(), outcome = 200 WHERE outcome = 403`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE ${table} SET repeat_count = repeat_count + 1, last_at = at - interval '1 day' WHERE outcome = 403`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE ${table} SET repeat_count = repeat_count + 1, last_at = clock_timestamp() WHERE outcome = 403`)).resolves.toMatchObject({ rowCount: 1 });
    await expect(db.pool.query(`DELETE FROM ${table} WHERE outcome = 403`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
  });
});
