/**
 * A rule violation, with a stable machine-readable code. Only the HTTP edge maps codes to status
 * codes; the domain never knows about HTTP.
 */
export type DomainErrorKind =
  | 'validation' // the input itself is wrong (400)
  | 'not_found' // the thing referred to does not exist, or the caller may not know it exists (404)
  | 'conflict' // the input is fine but the current state refuses it (409)
  | 'forbidden' // the actor may not do this (403)
  | 'unprocessable'; // well-formed, but contradicts an earlier request (422: a reused Idempotency-Key)

/** One input field at fault, and why (a body may have several; an import line says which line). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
  readonly code?: string;
  readonly line?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'conflict',
    /** Which input field is at fault, as a path (e.g. ["value"]), when one is. */
    readonly field?: ReadonlyArray<string | number>,
    /** Every field at fault, when there are several (the field of the first is `field`). */
    readonly issues?: ReadonlyArray<FieldIssue>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
