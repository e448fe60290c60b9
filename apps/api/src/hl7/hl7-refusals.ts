import { DomainError } from '@poems/kernel';
import { HL7_ERROR, type Hl7ErrorCode, type Hl7Issue, issueAt } from './hl7-issue';

/** A message refused as a whole: the handler releases its Idempotency-Key, the door answers AE. */
export class Hl7Refusal extends DomainError {
  constructor(readonly hl7Issues: Hl7Issue[]) {
    super('HL7_MESSAGE_REFUSED', `${hl7Issues.length} problem(s) in the message: nothing of it was recorded`, 'validation');
  }
}

/** Where each command field came from in the message. */
export interface ResultOrigin {
  pid: number;
  obr: number;
  obx: number;
}

const FIELD_AT: Readonly<Record<string, readonly ['PID' | 'OBR' | 'OBX', number]>> = {
  patientId: ['PID', 3],
  test: ['OBX', 3],
  value: ['OBX', 5],
  comparator: ['OBX', 5],
  unit: ['OBX', 6],
  upperLimitOfNormal: ['OBX', 7],
  status: ['OBX', 11],
  collectedAt: ['OBR', 7],
  accessionId: ['OBR', 3],
  specimen: ['OBX', 3],
  method: ['OBX', 3],
  heavyChain: ['OBX', 5],
  lightChain: ['OBX', 5],
};

const CODE_OF: Readonly<Record<string, Hl7ErrorCode>> = {
  PATIENT_NOT_ENROLLED: HL7_ERROR.UNKNOWN_KEY,
  CORRECTED_RESULT_NOT_FOUND: HL7_ERROR.UNKNOWN_KEY,
  LAB_RESULT_ALREADY_RECORDED: HL7_ERROR.DUPLICATE_KEY,
  VALIDATION_FAILED: HL7_ERROR.DATA_TYPE_ERROR,
  UNIT_NOT_CONVERTIBLE: HL7_ERROR.DATA_TYPE_ERROR,
};

/** A refusal of the command pipeline (validation or decision) as ERR entries at the fields it names. */
export function issuesOfRefusal(refusal: DomainError, origin: ResultOrigin): Hl7Issue[] {
  const fields = refusal.issues?.length ? refusal.issues.map((issue) => ({ field: issue.field.split('.')[0]!, message: issue.message })) : [{ field: String(refusal.field?.[0] ?? ''), message: refusal.message }];
  return fields.map(({ field, message }) => {
    const [segment, number] = FIELD_AT[field] ?? (['OBX', 5] as const);
    const sequence = segment === 'PID' ? origin.pid : segment === 'OBR' ? origin.obr : origin.obx;
    const code = CODE_OF[refusal.code] ?? HL7_ERROR.APPLICATION_ERROR;
    // Patient-level refusals say the same whether the patient is unknown or outside the feed's care teams.
    const text = refusal.code === 'PATIENT_NOT_ENROLLED' ? 'no enrolled patient this feed reports on has this identifier' : `${refusal.code}: ${message}`;
    return issueAt(segment, sequence, number, code, text);
  });
}
