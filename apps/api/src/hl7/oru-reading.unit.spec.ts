import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Er7Error, parseDtm, parseEr7, value } from './er7';
import { buildAck } from './hl7-ack';
import { addressAllowed } from './hl7-feeds';
import { type Feed, parseMappingFile } from './hl7-mapping-file';
import { readObxValue, upperLimitOf } from './obx-value';
import { headerIssues, readOru } from './oru-reading';
import { FrameDecoder } from './mllp-listener';

const FEED: Feed = { id: 'lab', sendingApplication: 'LIS', sendingFacility: 'CENTRAL', careTeams: ['*'], allowFrom: ['10.1.0.0/16', '127.0.0.1'], timeZoneOffset: '+09:00' };
const MAPPING = parseMappingFile('test.json', JSON.stringify({
  feeds: [FEED],
  codes: [
    { system: 'LN', code: '75628-8', test: 'VEGF', specimen: 'serum', units: { 'pg/mL': 'pg/mL', 'ng/mL': { unit: 'pg/mL', factor: 1000 } } },
    { system: 'LN', code: '25700-6', test: 'M_PROTEIN_IFE', values: { 'IGA-L': { value: 'positive', heavyChain: 'IgA', lightChain: 'lambda' } } },
    { system: 'L', code: 'VEGFX', feed: 'lab', test: 'VEGF' },
  ],
}));
const VEGF = MAPPING.codes[0]!;
const IFE = MAPPING.codes[1]!;

const message = (...segments: string[]) => parseEr7(['MSH|^~\\&|LIS|CENTRAL|POEMS|HOSP|202603011000+0900||ORU^R01|C1|P|2.3', ...segments].join('\r'));

describe('reading ER7', () => {
  it('decodes escape sequences and reads subcomponents of repetitions', () => {
    const pid = message('PID|1||A\\F\\1^^^HOSP&1.2&ISO^MR~B2^^^OTHER^PI').getSegment('PID')!;
    expect(value(pid, 3)).toBe('A|1');
    expect(value(pid, 3, 4, 2)).toBe('1.2');
    expect(value(pid, 3, 1, 1, 1)).toBe('B2');
  });

  it('refuses what is not a message, and floods of segments, before reading further', () => {
    expect(() => parseEr7('hello')).toThrow(Er7Error);
    expect(() => parseEr7(['MSH|^~\\&|A', ...Array.from({ length: 2001 }, () => 'NTE|1')].join('\r'))).toThrow(/at most 2000/);
    expect(() => parseEr7(`MSH|^~\\&|A\rPID|1||${Array.from({ length: 51 }, () => 'x').join('~')}`)).toThrow(/repetitions/);
  });

  it('reads times strictly: offset sent, else the feed’s; impossible or offset-less times are refused', () => {
    expect(parseDtm('202603011000+0900', undefined)).toBe('2026-03-01T01:00:00.000Z');
    expect(parseDtm('20260301100030.25', '+09:00')).toBe('2026-03-01T01:00:30.250Z');
    expect(parseDtm('202603011000', undefined)).toBeNull();
    expect(parseDtm('202602301000+0900', undefined)).toBeNull();
    expect(parseDtm('2026030110', '+09:00')).toBeNull();
  });
});

describe('an OBX through the code mapping', () => {
  it('reads numbers with comparators, converts units, and scales the reference range with them', () => {
    expect(readObxValue(VEGF, { valueType: 'NM', components: ['<10'], unit: 'pg/mL', referenceRange: '0-600' })).toEqual({ ok: true, fields: { value: 10, unit: 'pg/mL', comparator: '<', upperLimitOfNormal: 600 } });
    expect(readObxValue(VEGF, { valueType: 'SN', components: ['>', '2.5'], unit: 'ng/mL', referenceRange: '<0.6' })).toEqual({ ok: true, fields: { value: 2500, unit: 'pg/mL', comparator: '>', upperLimitOfNormal: 600 } });
    expect(readObxValue(VEGF, { valueType: 'SN', components: ['', '1', '-', '5'], unit: 'pg/mL', referenceRange: '' })).toMatchObject({ ok: false, field: 5 });
    expect(readObxValue(VEGF, { valueType: 'NM', components: ['-4'], unit: 'pg/mL', referenceRange: '' })).toMatchObject({ ok: false, field: 5, message: expect.stringContaining('negative') });
    expect(readObxValue(VEGF, { valueType: 'NM', components: ['400'], unit: 'mmol/L', referenceRange: '' })).toMatchObject({ ok: false, field: 6 });
  });

  it('reads coded results of qualitative tests, from the mapping or the built-in words', () => {
    expect(readObxValue(IFE, { valueType: 'CWE', components: ['IgA-L', 'IgA lambda'], unit: '', referenceRange: '' })).toEqual({ ok: true, fields: { value: 'positive', heavyChain: 'IgA', lightChain: 'lambda' } });
    expect(readObxValue(IFE, { valueType: 'CWE', components: ['260385009', 'Negative'], unit: '', referenceRange: '' })).toEqual({ ok: true, fields: { value: 'negative' } });
    expect(readObxValue(IFE, { valueType: 'ST', components: ['equivocal'], unit: '', referenceRange: '' })).toMatchObject({ ok: false, field: 5 });
  });

  it('takes the upper limit from the ranges labs write', () => {
    expect([upperLimitOf('0-600'), upperLimitOf('0 - 600'), upperLimitOf('<600'), upperLimitOf('<=600'), upperLimitOf('>5'), upperLimitOf('negative')]).toEqual([600, 600, 600, 600, undefined, undefined]);
  });
});

describe('an ORU^R01 read for one feed', () => {
  it('groups results by patient, takes the accession and collection time from OBR, and skips preliminary results', () => {
    const reading = readOru(
      message(
        'PID|1||M1^^^HOSP^MR~X9^^^OTHER^PI||DOE^JANE||19500203',
        'OBR|1||ACC-1|P|||202602281900',
        'OBX|1|NM|75628-8^VEGF^LN||820|pg/mL|<600|H|||F',
        'OBX|2|NM|VEGFX^VEGF local^L||7|pg/mL|||||P',
        'ZXY|ignored',
        'PID|2||M2^^^HOSP^MR',
        'OBR|1||ACC-2|P|||202602281930+0000',
        'OBX|1|CWE|XYZ^Other^99LAB||POS||||||F',
        'OBX|2|NM|75628-8^VEGF^LN||12|pg/mL|||||W',
      ),
      FEED,
      MAPPING,
      'HOSP',
    );
    expect(reading.patients.map((p) => [p.mrns, p.birthDate, p.results.map((r) => r.body)])).toEqual([
      [['M1'], '1950-02-03', [{ test: 'VEGF', value: 820, unit: 'pg/mL', upperLimitOfNormal: 600, collectedAt: '2026-02-28T10:00:00.000Z', specimen: 'serum', accessionId: 'ACC-1', status: 'final' }]],
      [['M2'], undefined, []],
    ]);
    expect(reading.skipped).toEqual([{ segment: 'OBX', sequence: 2, status: 'P', reason: expect.stringContaining('preliminary') }]);
    expect(reading.issues.map((i) => `${i.segment}^${i.sequence}^${i.field}^${i.code}`)).toEqual(['OBX^3^3^103', 'OBX^4^11^103']);
  });

  it('refuses other message types, versions and processing ids at MSH', () => {
    const issues = headerIssues(parseEr7('MSH|^~\\&|LIS|CENTRAL|POEMS|HOSP|202603011000||ADT^A01|C9|T|2.7'));
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['9:200', '12:203', '11:202']);
  });
});

describe('acknowledgements', () => {
  const header = { sendingApplication: 'LIS', sendingFacility: 'CENTRAL', receivingApplication: 'POEMS', receivingFacility: 'HOSP', controlId: 'C|1', version: '2.5.1' };
  const issue = { segment: 'OBX', sequence: 2, field: 3, code: '103' as const, message: 'code X^Y is not in the mapping' };
  const now = new Date('2026-03-01T00:00:00Z');

  it('name segment, field and reason in ERR (v2.5) and escape what they repeat', () => {
    const ack = buildAck(header, 'AE', [issue], now).split('\r');
    expect(ack[1]).toBe('MSA|AE|C\\F\\1');
    expect(ack[2]).toBe('ERR||OBX^2^3|103^Table value not found^HL70357|E||||OBX(2)-3: code X\\S\\Y is not in the mapping');
  });

  it('use ERR-1 and MSA-3 for v2.3 and v2.4', () => {
    const ack = buildAck({ ...header, controlId: 'C1', version: '2.3' }, 'AE', [issue], now).split('\r');
    expect(ack[1]).toBe('MSA|AE|C1|OBX(2)-3: code X\\S\\Y is not in the mapping');
    expect(ack[2]).toBe('ERR|OBX^2^3^103&Table value not found&HL70357');
  });
});

describe('MLLP framing and peers', () => {
  it('splits frames across chunks, ignores bytes between them and drops an oversized one unread', () => {
    const decoder = new FrameDecoder(10);
    expect(decoder.push(Buffer.from('junk\x0bMSH|a'))).toEqual([]);
    expect(decoder.push(Buffer.from('b\x1c\x0d\x0bMSH|'))).toEqual([{ kind: 'message', bytes: Buffer.from('MSH|ab') }]);
    expect(decoder.push(Buffer.from('0123456789\x1c\x0d'))).toEqual([{ kind: 'oversized', bytes: 14 }]);
  });

  it('lets a feed connect only from its addresses', () => {
    expect(['10.1.2.3', '::ffff:10.1.9.9', '127.0.0.1', '10.2.0.1', 'garbage'].map((peer) => addressAllowed(FEED, peer))).toEqual([true, true, true, false, false]);
  });

  it('accepts the example mapping file the README shows', () => {
    const path = join(__dirname, '../../../../interfaces/hl7-mapping.example.json');
    expect(parseMappingFile(path, readFileSync(path, 'utf8')).codes.length).toBeGreaterThan(5);
  });

  it('refuses a mapping file that names an unknown feed or maps units of a qualitative test', () => {
    expect(() => parseMappingFile('bad.json', JSON.stringify({ codes: [{ system: 'LN', code: 'x', test: 'VEGF', feed: 'nobody' }] }))).toThrow(/codes.0.feed: no feed nobody/);
    expect(() => parseMappingFile('bad.json', JSON.stringify({ codes: [{ system: 'LN', code: 'x', test: 'PREGNANCY_TEST', units: { a: 'b' } }] }))).toThrow(/qualitative/);
    expect(() => parseMappingFile('bad.json', '{')).toThrow(/not JSON/);
  });
});
