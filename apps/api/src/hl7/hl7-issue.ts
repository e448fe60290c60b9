/** HL7 table 0357 (message error condition codes): the ones this interface answers with. */
export const HL7_ERROR = {
  REQUIRED_FIELD_MISSING: '101',
  DATA_TYPE_ERROR: '102',
  TABLE_VALUE_NOT_FOUND: '103',
  UNSUPPORTED_MESSAGE_TYPE: '200',
  UNSUPPORTED_PROCESSING_ID: '202',
  UNSUPPORTED_VERSION: '203',
  UNKNOWN_KEY: '204',
  DUPLICATE_KEY: '205',
  APPLICATION_ERROR: '207',
} as const;
export type Hl7ErrorCode = (typeof HL7_ERROR)[keyof typeof HL7_ERROR];

const ERROR_TEXT: Record<Hl7ErrorCode, string> = {
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '207': 'Application internal error',
};

export function errorText(code: Hl7ErrorCode): string {
  return ERROR_TEXT[code];
}

/**
 * Why (part of) a message was refused, where: ERR-2 (segment, its occurrence, field, component)
 * and ERR-3 (code), with a reason for people (ERR-8). Reasons never repeat identifiers (an MRN,
 * a name): acknowledgements and the intake log stay free of them.
 */
export interface Hl7Issue {
  segment: string;
  /** Which occurrence of the segment in the message, from 1. */
  sequence: number;
  field: number;
  component?: number;
  code: Hl7ErrorCode;
  message: string;
}

export function issueAt(segment: string, sequence: number, field: number, code: Hl7ErrorCode, message: string, component?: number): Hl7Issue {
  return { segment, sequence, field, code, message, ...(component !== undefined && { component }) };
}

/** `OBX-5` style, for people. */
export function locationText(issue: Pick<Hl7Issue, 'segment' | 'sequence' | 'field' | 'component'>): string {
  return `${issue.segment}${issue.sequence > 1 ? `(${issue.sequence})` : ''}-${issue.field}${issue.component ? `.${issue.component}` : ''}`;
}
