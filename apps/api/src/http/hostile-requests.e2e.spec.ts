import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { signToken } from '@poems/auth';
import { createTestSchema, type TestSchema } from '@poems/testing';
import { type ApiProcess, startApiProcess } from '../testing/api-process';

const SECRET = 'hostile-secret-'.padEnd(40, 'x');
const MiB = 1024 * 1024;

interface Answer {
  status: number | 'connection closed';
  body: string;
  bytesSent: number;
}

/**
 * POSTs a body produced chunk by chunk until the server answers (or `maxBytes` are sent), as an
 * attacker streaming an endless body would. Resolves with the answer and how much was sent.
 */
function streamUntilAnswered(url: string, path: string, headers: Record<string, string>, chunk: () => Buffer, maxBytes: number): Promise<Answer> {
  return new Promise((resolve) => {
    let bytesSent = 0;
    let answered = false;
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (data) => (body += data));
      response.on('end', () => resolve({ status: response.statusCode!, body, bytesSent }));
      response.on('error', () => resolve({ status: response.statusCode!, body, bytesSent }));
    });
    req.on('error', () => {
      if (!answered) resolve({ status: 'connection closed', body: '', bytesSent });
    });
    const pump = () => {
      while (!answered && !req.destroyed && bytesSent < maxBytes) {
        const next = chunk();
        bytesSent += next.length;
        if (!req.write(next)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

describe('hostile requests against the API process', () => {
  let db: TestSchema;
  let api: ApiProcess;
  let token: string;
  const json = { 'content-type': 'application/json' };
  const ndjson = { 'content-type': 'application/x-ndjson' };
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    db = await createTestSchema('hostile');
    api = await startApiProcess(db.schema, { AUTH_JWT_SECRET: SECRET, IMPORT_MAX_BODY_BYTES: String(8 * MiB), RATE_LIMIT_PER_ADDRESS: '100000', RATE_LIMIT_PER_PRINCIPAL: '100000' });
    token = signToken({ sub: 'mallory', roles: ['clinician'], careTeams: ['haem-a'] }, { secret: SECRET, issuer: 'poems-monitor', audience: 'poems-monitor' });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });
  afterEach(async () => {
    // Whatever the request did, the process is up, answers /health, and did not balloon.
    expect(api.alive()).toBe(true);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(api.rssMiB()).toBeLessThan(600);
  });

  const countEvents = async () => Number((await db.pool.query(`SELECT count(*) FROM ${db.schema}.events`)).rows[0].count);

  it('refuses an endless import line without a newline with 413 after reading about the line limit', async () => {
    const answer = await streamUntilAnswered(api.url, '/v1/import', { ...ndjson, ...auth() }, () => Buffer.alloc(MiB, 'x'), 700 * MiB);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'IMPORT_LINE_TOO_LARGE', issues: [{ line: 1, field: '(line)', message: 'larger than 262144 bytes' }] });
    expect(answer.bytesSent).toBeLessThan(64 * MiB);
  }, 120_000);

  it('refuses an endless import body of short lines with 413 at the body limit', async () => {
    const line = Buffer.from(`${JSON.stringify({ type: 'RecordLabResult', patientId: randomUUID(), test: 'VEGF', value: 1, unit: 'pg/mL', collectedAt: '2025-01-01T00:00:00Z' })}\n`.repeat(500));
    const answer = await streamUntilAnswered(api.url, '/v1/import', { ...ndjson, ...auth() }, () => line, 700 * MiB);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'IMPORT_BODY_TOO_LARGE', message: expect.stringContaining(`${8 * MiB} bytes`) });
    expect(answer.bytesSent).toBeLessThan(64 * MiB);
  }, 120_000);

  it('lists import lines nested 100,000 arrays or 20,000 objects deep as bad lines (400), writing nothing', async () => {
    const before = await countEvents();
    const arrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const objects = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const response = await fetch(`${api.url}/v1/import`, { method: 'POST', headers: { ...ndjson, ...auth() }, body: `${arrays}\n${objects}\n` });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: unknown[] };
    expect(body.issues).toEqual([
      expect.objectContaining({ line: 1, code: 'JSON_TOO_DEEP', message: expect.stringContaining('64 levels') }),
      expect.objectContaining({ line: 2, code: 'JSON_TOO_DEEP' }),
    ]);
    expect(await countEvents()).toBe(before);
  });

  it('refuses deeply nested JSON bodies with 400 naming the limit, cheaply', async () => {
    for (const body of [`${'['.repeat(400_000)}${']'.repeat(400_000)}`, `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`]) {
      const started = performance.now();
      const response = await fetch(`${api.url}/v1/patients`, { method: 'POST', headers: { ...json, ...auth() }, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'JSON_TOO_DEEP', message: expect.stringContaining('64 levels') });
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('refuses a JSON body over 1 MiB, declared or streamed endlessly, with 413', async () => {
    const declared = await fetch(`${api.url}/v1/patients`, { method: 'POST', headers: { ...json, ...auth() }, body: JSON.stringify({ name: 'x'.repeat(2 * MiB) }) });
    expect(declared.status).toBe(413);
    const streamed = await streamUntilAnswered(api.url, '/v1/patients', { ...json, ...auth() }, () => Buffer.alloc(MiB, ' '), 700 * MiB);
    expect([413, 'connection closed']).toContain(streamed.status);
    expect(streamed.bytesSent).toBeLessThan(64 * MiB);
  }, 120_000);

  it('refuses too many or too large headers and URLs (431) and floods of query parameters (400)', async () => {
    const headers = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`x-junk-${i}`, 'y'.repeat(40)]));
    const manyHeaders = await new Promise<number>((resolve) => {
      const req = httpRequest(`${api.url}/v1/alerts`, { headers: { ...headers, ...auth() } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      req.on('error', () => resolve(0));
      req.end();
    });
    expect([431, 0]).toContain(manyHeaders);
    const longUrl = await fetch(`${api.url}/v1/alerts?status=${'A'.repeat(100_000)}`, { headers: auth() }).then(
      (response) => response.status,
      () => 0,
    );
    expect([414, 431, 0]).toContain(longUrl);
    const manyParams = await fetch(`${api.url}/v1/alerts?${Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&')}`, { headers: auth() });
    expect(manyParams.status).toBe(400);
  });

  it('refuses garbage tokens, bodies that are not UTF-8 and unknown media types without a 5xx', async () => {
    const garbageToken = await fetch(`${api.url}/v1/alerts`, { headers: { authorization: `Bearer ${'a.b.c'.repeat(2000)}` } });
    expect(garbageToken.status).toBe(401);
    const notUtf8 = await fetch(`${api.url}/v1/patients`, { method: 'POST', headers: { ...json, ...auth() }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) });
    expect(notUtf8.status).toBe(400);
    const unknownType = await fetch(`${api.url}/v1/patients`, { method: 'POST', headers: { 'content-type': 'application/xml', ...auth() }, body: '<a/>'.repeat(100_000) });
    expect(unknownType.status).toBe(415);
    const nulInImport = await fetch(`${api.url}/v1/import`, { method: 'POST', headers: { ...ndjson, ...auth() }, body: '{"type":"EnrollPatient","name":"a\\u0000b"}\n' });
    expect(nulInImport.status).toBe(400);
  });
});
