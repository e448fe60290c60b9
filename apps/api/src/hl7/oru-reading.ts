import type { Hl7Message, Hl7Segment } from '@medplum/core';
import type { RecordLabResultBody } from '@poems/patient';
import { mshValue, parseDtm, repetitions, value } from './er7';
import { HL7_ERROR, type Hl7Issue, issueAt } from './hl7-issue';
import type { CodeMapping, Feed, Hl7MappingFile } from './hl7-mapping-file';
import { readObxValue } from './obx-value';

/** What an ORU^R01 says, read through the feed's mapping: per patient (PID), the results to record. */
export interface OruReading {
  patients: PatientGroup[];
  /** Results not recorded by design (preliminary, cancelled), for the intake log. */
  skipped: { segment: string; sequence: number; status: string; reason: string }[];
  issues: Hl7Issue[];
}

export interface PatientGroup {
  sequence: number;
  /** PID-3 identifiers issued by the authority the MRN index holds. */
  mrns: string[];
  /** PID-7, as YYYY-MM-DD, to check against the record. */
  birthDate?: string;
  results: LabResultFromObx[];
}

export type LabResultBody = Omit<RecordLabResultBody, 'patientId'>;

export interface LabResultFromObx {
  /** OBX occurrence in the message, from 1 (the ERR location of a refusal). */
  sequence: number;
  /** Its OBR's occurrence (accession, collection time). */
  orderSequence: number;
  body: LabResultBody;
}

export const SUPPORTED_VERSIONS = ['2.3', '2.3.1', '2.4', '2.5', '2.5.1'] as const;

/** MSH-level checks: an ORU^R01 of a supported version, in production or debugging mode. */
export function headerIssues(message: Hl7Message): Hl7Issue[] {
  const issues: Hl7Issue[] = [];
  const type = `${mshValue(message, 9, 1)}^${mshValue(message, 9, 2)}`;
  if (!mshValue(message, 10)) issues.push(issueAt('MSH', 1, 10, HL7_ERROR.REQUIRED_FIELD_MISSING, 'the message control id is missing'));
  if (type !== 'ORU^R01') issues.push(issueAt('MSH', 1, 9, HL7_ERROR.UNSUPPORTED_MESSAGE_TYPE, `${type.slice(0, 20)} is not accepted: only ORU^R01 lab results`));
  const version = mshValue(message, 12);
  if (!(SUPPORTED_VERSIONS as ReadonlyArray<string>).includes(version)) issues.push(issueAt('MSH', 1, 12, HL7_ERROR.UNSUPPORTED_VERSION, `version ${version.slice(0, 10)} is not accepted (2.3 to 2.5.1)`));
  const processing = mshValue(message, 11);
  if (processing !== 'P' && processing !== 'D') issues.push(issueAt('MSH', 1, 11, HL7_ERROR.UNSUPPORTED_PROCESSING_ID, `processing id ${processing.slice(0, 3)} is not accepted (P or D)`));
  return issues;
}

/** The offset of MSH-7, which HL7 makes the default for the message's other times. */
function messageOffset(message: Hl7Message, feed: Feed): string | undefined {
  return /([+-]\d{4})$/.exec(mshValue(message, 7))?.[1] ?? feed.timeZoneOffset;
}

/** Reads every PID, OBR and OBX in order; other segments (NTE, ORC, SPM, Z-segments…) are ignored. */
export function readOru(message: Hl7Message, feed: Feed, mapping: Hl7MappingFile, mrnAuthority: string): OruReading {
  const reading: OruReading = { patients: [], skipped: [], issues: [] };
  const codes = mapping.codes.filter((code) => code.feed === undefined || code.feed === feed.id);
  const offset = messageOffset(message, feed);
  const count: Record<string, number> = {};
  let patient: PatientGroup | undefined;
  let order: { sequence: number; accession: string; collectedAt: string | null } | undefined;
  for (const segment of message.segments) {
    const sequence = (count[segment.name] = (count[segment.name] ?? 0) + 1);
    if (segment.name === 'PID') {
      patient = readPid(segment, sequence, feed, mrnAuthority, reading.issues);
      reading.patients.push(patient);
      order = undefined;
    } else if (segment.name === 'OBR') {
      order = { sequence, accession: value(segment, 3), collectedAt: value(segment, 7) ? parseDtm(value(segment, 7), offset) : null };
      if (!order.accession) reading.issues.push(issueAt('OBR', sequence, 3, HL7_ERROR.REQUIRED_FIELD_MISSING, 'the filler order number (the accession) is missing'));
      if (value(segment, 7) && !order.collectedAt) reading.issues.push(issueAt('OBR', sequence, 7, HL7_ERROR.DATA_TYPE_ERROR, 'the collection time is not a date and time to the minute with a known offset'));
    } else if (segment.name === 'OBX') {
      if (!patient || !order) {
        reading.issues.push(issueAt('OBX', sequence, 1, HL7_ERROR.APPLICATION_ERROR, 'an OBX before any PID and OBR'));
        continue;
      }
      readObx(segment, sequence, { patient, order, codes, offset, reading });
    }
  }
  if (reading.patients.length === 0) reading.issues.push(issueAt('PID', 1, 3, HL7_ERROR.REQUIRED_FIELD_MISSING, 'the message has no PID segment'));
  return reading;
}

function readPid(segment: Hl7Segment, sequence: number, feed: Feed, mrnAuthority: string, issues: Hl7Issue[]): PatientGroup {
  const mrns: string[] = [];
  repetitions(segment, 3).forEach((_, repetition) => {
    const id = value(segment, 3, 1, 1, repetition).trim();
    const authorities = [1, 2].map((sub) => value(segment, 3, 4, sub, repetition).trim()).filter(Boolean);
    const named = authorities.length ? authorities : feed.defaultAssigningAuthority ? [feed.defaultAssigningAuthority] : [];
    if (id && named.some((authority) => authority.toUpperCase() === mrnAuthority.toUpperCase())) mrns.push(id);
  });
  if (mrns.length === 0) issues.push(issueAt('PID', sequence, 3, HL7_ERROR.UNKNOWN_KEY, `no patient identifier assigned by ${mrnAuthority}`));
  const dob = /^(\d{4})(\d{2})(\d{2})/.exec(value(segment, 7));
  return { sequence, mrns, ...(dob && { birthDate: `${dob[1]}-${dob[2]}-${dob[3]}` }), results: [] };
}

interface ObxContext {
  patient: PatientGroup;
  order: { sequence: number; accession: string; collectedAt: string | null };
  codes: CodeMapping[];
  offset: string | undefined;
  reading: OruReading;
}

const STATUSES: Record<string, 'final' | 'corrected' | 'skip'> = { F: 'final', C: 'corrected', P: 'skip', X: 'skip' };

function readObx(segment: Hl7Segment, sequence: number, { patient, order, codes, offset, reading }: ObxContext): void {
  const refuse = (field: number, code: Hl7Issue['code'], message: string): void => void reading.issues.push(issueAt('OBX', sequence, field, code, message));
  const status = value(segment, 11).trim().toUpperCase();
  const meaning = STATUSES[status];
  if (!meaning) return refuse(11, HL7_ERROR.TABLE_VALUE_NOT_FOUND, `result status '${status.slice(0, 3)}' is not accepted (F, C, P or X)`);
  if (meaning === 'skip') {
    const reason = status === 'P' ? 'preliminary: the final result will be recorded' : 'cancelled: no result was obtained';
    reading.skipped.push({ segment: 'OBX', sequence, status, reason });
    return;
  }
  const mapping = codeOf(segment, codes);
  if (!mapping) {
    const shown = `${value(segment, 3, 3) || '?'} ${value(segment, 3, 1) || '?'}`.slice(0, 80);
    return refuse(3, HL7_ERROR.TABLE_VALUE_NOT_FOUND, `code ${shown} is not in the mapping`);
  }
  const read = readObxValue(mapping, {
    valueType: value(segment, 2).trim().toUpperCase(),
    components: (repetitions(segment, 5)[0] ?? []).map((_, index) => value(segment, 5, index + 1)),
    unit: value(segment, 6),
    referenceRange: value(segment, 7),
  });
  if (!read.ok) return refuse(read.field, HL7_ERROR.DATA_TYPE_ERROR, read.message);
  const obxTime = value(segment, 14) ? parseDtm(value(segment, 14), offset) : null;
  const collectedAt = order.collectedAt ?? obxTime;
  if (!collectedAt) return refuse(14, HL7_ERROR.REQUIRED_FIELD_MISSING, 'no collection time (OBR-7 or OBX-14, to the minute with a known offset)');
  if (!order.accession) return;
  patient.results.push({
    sequence,
    orderSequence: order.sequence,
    body: {
      test: mapping.test,
      ...read.fields,
      collectedAt,
      ...(mapping.specimen && { specimen: mapping.specimen }),
      ...(mapping.method && { method: mapping.method }),
      accessionId: order.accession.slice(0, 64),
      status: meaning,
    } as LabResultFromObx['body'],
  });
}

/** OBX-3's code (components 1-3), else its alternate code (4-6), in the feed's mapping. */
function codeOf(segment: Hl7Segment, codes: CodeMapping[]): CodeMapping | undefined {
  for (const [code, system] of [
    [value(segment, 3, 1), value(segment, 3, 3)],
    [value(segment, 3, 4), value(segment, 3, 6)],
  ] as const) {
    if (!code) continue;
    const found = codes.find((mapping) => mapping.code === code.trim() && mapping.system.toUpperCase() === system.trim().toUpperCase());
    if (found) return found;
  }
  return undefined;
}
