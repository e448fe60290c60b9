import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../testing/test-api';

const NOW = new Date('2026-06-01T12:00:00Z');

function enrolLine(patientId: string, overrides: Record<string, unknown> = {}) {
  return { type: 'EnrollPatient', patientId, birthDate: '1950-01-01', sex: 'male', heightCm: 165, weightKg: 60, careTeam: 'haem-a', enrolledAt: '2025-01-06T09:00:00Z', ...overrides };
}
const vegfLine = (patientId: string, day: number, value: number) => ({
  type: 'RecordLabResult',
  patientId,
  test: 'VEGF',
  value,
  unit: 'pg/mL',
  collectedAt: new Date(Date.parse('2025-01-06T08:00:00Z') + day * 86_400_000).toISOString(),
});
const ndjson = (lines: unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');

describe('importing NDJSON', () => {
  let api: TestApi;
  let token: string;
  const countEvents = async () => Number((await api.db.pool.query(`SELECT count(*) FROM ${api.db.schema}.events`)).rows[0].count);
  const post = (body: string, headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/import', { raw: body, token, headers: { 'content-type': 'application/x-ndjson', ...headers } });

  beforeAll(async () => {
    api = await startTestApi({ clock: () => NOW });
    token = api.token('alice', ['clinician'], ['haem-a']);
  });
  afterAll(() => api.close());

  describe('a valid file listing histories out of order', () => {
    it('appends everything, deciding each patient in clinical order, and counts it', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const body = ndjson([
        vegfLine(a, 30, 900),
        enrolLine(a),
        { type: 'ChangeThalidomideDose', patientId: a, mgPerDay: 100, effectiveAt: '2025-01-07T09:00:00Z' },
        '',
        enrolLine(b, { birthDate: '1980-05-05' }),
        vegfLine(a, -2, 3000),
      ]);
      const response = await post(body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ lines: 6, commands: 5, patients: 2, events: 5, replayed: false });
      const stream = await api.infra.store.readStream(`patient-${a}`);
      expect(stream.map((e) => e.type)).toEqual(['PatientEnrolled', 'LabResultRecorded', 'ThalidomideDoseChanged', 'LabResultRecorded']);
      expect(stream[0]!.metadata).toMatchObject({ source: 'import', lineNumber: 2 });
      expect(response.body.lastPosition).toBeGreaterThanOrEqual(response.body.firstPosition);
    });
  });

  describe('a file with bad lines', () => {
    it('answers 400 listing every bad line and appends nothing', async () => {
      const a = randomUUID();
      const before = await countEvents();
      const body = ndjson([
        enrolLine(a),
        '{not json',
        { ...vegfLine(a, 3, 800), unit: 'furlongs' },
        { type: 'LaunchRocket', patientId: a },
        vegfLine(randomUUID(), 2, 700),
        { ...vegfLine(a, 4, 700), collectedAt: '2030-01-01T00:00:00Z' },
        vegfLine(a, 5, 650),
      ]);
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('IMPORT_REJECTED');
      const lines = response.body.issues.map((issue: { line: number }) => issue.line);
      // Pass 1 (shape) stops before pass 2 (the records): malformed lines first.
      expect(lines).toEqual(expect.arrayContaining([2, 4]));
      expect(await countEvents()).toBe(before);

      const decided = await post(ndjson([enrolLine(a), { ...vegfLine(a, 3, 800), unit: 'furlongs' }, vegfLine(randomUUID(), 2, 700), { ...vegfLine(a, 4, 700), collectedAt: '2030-01-01T00:00:00Z' }, vegfLine(a, 5, 650)]));
      expect(decided.status).toBe(400);
      expect(decided.body.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ line: 2, code: 'UNIT_NOT_CONVERTIBLE' }),
          expect.objectContaining({ line: 3, code: 'PATIENT_NOT_ENROLLED' }),
          expect.objectContaining({ line: 4, code: 'TIME_IN_FUTURE', field: 'collectedAt' }),
        ]),
      );
      expect(await countEvents()).toBe(before);
    });

    it('refuses lines for another care team and a wrong content type', async () => {
      const before = await countEvents();
      const other = await post(ndjson([enrolLine(randomUUID(), { careTeam: 'neuro-b' })]));
      expect(other.status).toBe(400);
      expect(other.body.issues[0]).toMatchObject({ line: 1, code: 'NOT_IN_CARE_TEAM' });
      const json = await api.request('POST', '/v1/import', { body: [enrolLine(randomUUID())], token });
      expect(json.status).toBe(415);
      const empty = await post('\n\n');
      expect(empty.status).toBe(400);
      expect(await countEvents()).toBe(before);
    });
  });

  describe('a retried import with the same Idempotency-Key', () => {
    it('writes nothing the second time', async () => {
      const a = randomUUID();
      const body = ndjson([enrolLine(a), vegfLine(a, 1, 2000)]);
      const key = randomUUID();
      expect((await post(body, { 'idempotency-key': key })).status).toBe(200);
      const before = await countEvents();
      const retry = await post(body, { 'idempotency-key': key });
      expect(retry.status).toBe(200);
      expect(retry.body.replayed).toBe(true);
      expect(await countEvents()).toBe(before);
    });
  });

  describe('a large file', () => {
    it('takes 100,000 lines streamed, in one transaction', async () => {
      const patients = Array.from({ length: 200 }, () => randomUUID());
      async function* lines() {
        for (const id of patients) yield `${JSON.stringify(enrolLine(id))}\n`;
        for (let i = 0; i < 100_000 - patients.length; i++) yield `${JSON.stringify(vegfLine(patients[i % patients.length]!, 1 + (i % 400), 500 + (i % 3000)))}\n`;
      }
      const stream = ReadableStreamFrom(lines());
      const before = await countEvents();
      const response = await fetch(`${api.url}/v1/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      const body = await response.json();
      expect(response.status).toBe(200);
      expect(body).toMatchObject({ commands: 100_000, patients: 200, events: 100_000 });
      expect((await countEvents()) - before).toBe(100_000);
    }, 180_000);
  });
});

function ReadableStreamFrom(source: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      let chunk = '';
      for (let i = 0; i < 500; i++) {
        const next = await source.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
