import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test support: HL7 v2 messages shaped like a laboratory system's output, and a mapping file for them. */

export const FEED_SECRET = 'feed-secret-for-tests-0123456789';

export function mappingFile(extraCodes: object[] = [], feedOverrides: object = {}): { path: string; write(codes: object[]): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hl7-mapping-'));
  const path = join(dir, 'hl7-mapping.json');
  const write = (codes: object[]) =>
    writeFileSync(
      path,
      JSON.stringify({
        feeds: [
          {
            id: 'central-lab',
            sendingApplication: 'LIS',
            sendingFacility: 'CENTRAL',
            careTeams: ['haem-a'],
            allowFrom: ['127.0.0.1', '::1'],
            httpTokenSha256: createHash('sha256').update(FEED_SECRET).digest('hex'),
            timeZoneOffset: '+09:00',
            ...feedOverrides,
          },
        ],
        codes: [
          { system: 'LN', code: '75628-8', test: 'VEGF', specimen: 'serum', method: 'RIA', units: { 'pg/mL': 'pg/mL', 'ng/mL': { unit: 'pg/mL', factor: 1000 } } },
          { system: 'LN', code: '25700-6', test: 'M_PROTEIN_IFE', specimen: 'serum', values: { 'IGA-L': { value: 'positive', heavyChain: 'IgA', lightChain: 'lambda' } } },
          { system: 'LN', code: '26499-4', test: 'ANC', specimen: 'blood' },
          { system: '99CLAB', code: 'PLT', feed: 'central-lab', test: 'PLATELETS', specimen: 'blood', units: { 'x10E3/uL': '10*3/uL' } },
          ...codes,
        ],
      }),
    );
  write(extraCodes);
  return { path, write };
}

/** YYYYMMDDHHMM in Japan time, as the lab's system writes it (no offset: the feed's +09:00 applies). */
export function hl7Time(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 3600_000).toISOString();
  return jst.replace(/[-:T]/g, '').slice(0, 12);
}

export interface ObxSpec {
  valueType?: string;
  code: string;
  system?: string;
  text?: string;
  value: string;
  unit?: string;
  range?: string;
  flag?: string;
  status?: string;
}

export interface OruSpec {
  controlId: string;
  mrn: string;
  birthDate?: string;
  accession: string;
  collectedAt: Date;
  results: ObxSpec[];
  version?: string;
}

/** An ORU^R01 as a LIS sends it: CR-separated, a second PID-3 identifier, ORC, NTE with escapes, SPM, a Z-segment. */
export function oru(spec: OruSpec): string {
  const version = spec.version ?? '2.5.1';
  const time = hl7Time(spec.collectedAt);
  const segments = [
    `MSH|^~\\&|LIS|CENTRAL|POEMS|HOSP|${time}00+0900||ORU^R01^ORU_R01|${spec.controlId}|P|${version}|||AL|NE||UNICODE UTF-8`,
    `PID|1||${spec.mrn}^^^HOSP^MR~LAB-${spec.mrn}^^^CENTRAL^PI||YAMADA^HANAKO^^^^^L||${spec.birthDate ?? '19500203'}|F`,
    `ORC|RE|ORD-${spec.accession}|${spec.accession}^CENTRAL`,
    `OBR|1|ORD-${spec.accession}|${spec.accession}^CENTRAL|PANEL^POEMS follow-up panel^L|||${time}|||||||||DR^KATO^KEN`,
    `NTE|1|L|Specimen received \\T\\ processed at 4\\S\\C; see \\F\\ note`,
    ...spec.results.map(
      (r, i) =>
        `OBX|${i + 1}|${r.valueType ?? 'NM'}|${r.code}^${r.text ?? 'Result'}^${r.system ?? 'LN'}||${r.value}|${r.unit ?? ''}|${r.range ?? ''}|${r.flag ?? ''}|||${r.status ?? 'F'}|||${time}`,
    ),
    `SPM|1|${spec.accession}||SER^Serum^HL70487`,
    `ZLR|internal|routing^data`,
  ];
  return segments.join('\r');
}
