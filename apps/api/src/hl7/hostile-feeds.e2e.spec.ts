import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { startTestApi, type TestApi } from '../testing/test-api';
import { MllpListenerService } from './mllp-listener.service';
import { FEED_SECRET, mappingFile, oru } from './testing/lab-messages';

const VT = '\x0b';
const END = '\x1c\x0d';

/** A raw TCP client: what it sends, every byte it gets back, and when the server closed it. */
function rawConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  return {
    socket,
    closed,
    send: (text: string) => socket.write(text),
    async reply(): Promise<string> {
      for (let i = 0; i < 200 && !received.includes(END); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      const frame = received.slice(received.indexOf(VT) + 1, received.indexOf(END));
      received = received.slice(received.indexOf(END) + 2);
      return frame;
    },
  };
}

describe('hostile input on the HL7 doors', () => {
  let api: TestApi;
  let port: number;
  const patientId = randomUUID();

  beforeAll(async () => {
    const mapping = mappingFile();
    api = await startTestApi({ env: { HL7_MAPPING_FILE: mapping.path, HL7_MAX_MESSAGE_BYTES: '4096', HL7_MAX_CONNECTIONS: '3', HL7_IDLE_TIMEOUT_MS: '400' } });
    port = api.app.get(MllpListenerService).listener.port;
    const admin = api.token('root', ['admin']);
    const enrol = { type: 'EnrollPatient', patientId, mrn: 'MRN-1001', birthDate: '1950-02-03', sex: 'female', heightCm: 152, weightKg: 48, careTeam: 'haem-a', enrolledAt: new Date(Date.now() - 30 * 86_400_000).toISOString() };
    expect((await api.request('POST', '/v1/import', { raw: JSON.stringify(enrol), token: admin, headers: { 'content-type': 'application/x-ndjson' } })).status).toBe(200);
  }, 60_000);
  afterAll(() => api?.close());

  const valid = (controlId: string) => oru({ controlId, mrn: 'MRN-1001', accession: `ACC-${controlId}`, collectedAt: new Date(Date.now() - 3600_000), results: [{ code: '75628-8', value: '350', unit: 'pg/mL' }] });

  it('answers garbage and oversized frames with AR, a message of notes only with AE, skips bytes between frames, and keeps serving', async () => {
    const connection = rawConnection(port);
    connection.send(`noise before any frame\r\n${VT}not an hl7 message${END}`);
    expect(await connection.reply()).toMatch(/^MSH\|\^~\\&\|POEMS\|.*\rMSA\|AR\r?ERR\|\|MSH\^1/s);
    connection.send(`${VT}${['MSH|^~\\&|LIS|CENTRAL|POEMS|HOSP|202601010000+0900||ORU^R01|X1|P|2.5.1', ...Array.from({ length: 2500 }, () => 'NTE|1')].join('\r').slice(0, 4000)}${END}`);
    expect(await connection.reply()).toContain('MSA|AE|X1\rERR||PID^1^3|101');
    connection.send(`${VT}${valid('MSG-H1')}${END}`);
    expect(await connection.reply()).toContain('MSA|AA|MSG-H1');

    const big = rawConnection(port);
    big.send(`${VT}${'MSH|'.padEnd(10_000, 'x')}${END}`);
    expect(await big.reply()).toContain('MSA|AR');
    await big.closed;
    connection.socket.destroy();
    const { body } = await api.request('GET', '/v1/hl7/intake?status=rejected', { token: api.token('root', ['admin']) });
    expect(body.entries.map((e: { issues: { message: string }[] }) => e.issues[0]?.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('HL7_MAX_MESSAGE_BYTES'), expect.stringContaining('does not start with an MSH segment')]),
    );
    expect((await api.request('GET', '/health')).status).toBe(200);
  });

  it('closes idle connections and refuses connections past the limit', async () => {
    const idle = rawConnection(port);
    const opened = Date.now();
    expect((await idle.closed) - opened).toBeLessThan(3000);

    const held = [rawConnection(port), rawConnection(port), rawConnection(port)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = rawConnection(port);
    await extra.closed;
    held.forEach((connection) => connection.socket.destroy());
  });

  it('authenticates POST /v1/hl7 with the feed’s secret and bounds its body', async () => {
    const post = (text: string, headers: Record<string, string>) => api.request('POST', '/v1/hl7', { raw: text, headers: { 'content-type': 'x-application/hl7-v2+er7', ...headers } });
    const accepted = await post(valid('MSG-H2'), { authorization: `Bearer ${FEED_SECRET}` });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('content-type')).toContain('x-application/hl7-v2+er7');
    expect(accepted.text).toContain('MSA|AA|MSG-H2');
    const wrongSecret = await post(valid('MSG-H3'), { authorization: 'Bearer not-the-secret' });
    expect(wrongSecret.text).toContain('MSA|AR|MSG-H3');
    expect(wrongSecret.text).toContain('ERR||MSH^1^3|204');
    expect((await post(valid('MSG-H4'), {})).status).toBe(401);
    expect((await api.request('POST', '/v1/hl7', { raw: valid('MSG-H5'), headers: { 'content-type': 'application/xml', authorization: `Bearer ${FEED_SECRET}` } })).status).toBe(415);
    expect((await post('MSH|'.padEnd(8000, 'y'), { authorization: `Bearer ${FEED_SECRET}` })).status).toBe(413);
  });
});

describe('an MLLP peer that no feed lists', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: { HL7_MAPPING_FILE: mappingFile([], { allowFrom: ['10.20.0.0/16'] }).path } });
  }, 60_000);
  afterAll(() => api?.close());

  it('is disconnected before anything is read', async () => {
    const connection = rawConnection(api.app.get(MllpListenerService).listener.port);
    connection.send(`${VT}${oru({ controlId: 'Z1', mrn: 'MRN-1', accession: 'Z', collectedAt: new Date(), results: [] })}${END}`);
    await connection.closed;
    const { body } = await api.request('GET', '/v1/hl7/intake', { token: api.token('root', ['admin']) });
    expect(body.entries).toEqual([]);
  });
});
