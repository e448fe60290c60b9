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
