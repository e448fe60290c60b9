import { assessResponses, currentResponses, startsOf } from './response-criteria';
import type { ResponseInput, ResponseRow } from './response-rows';

function derived(row: Omit<ResponseRow, 'treatmentStartedAt' | 'assessments' | 'current'>): ResponseRow {
  const assessments = assessResponses(row);
  return { ...row, treatmentStartedAt: startsOf(row).start?.at ?? null, assessments, current: currentResponses(assessments) };
}

/**
 * The response row after one input: enrolment creates it (a fact before enrolment is kept waiting
 * in a row without an arm is impossible: the stream starts with the enrolment); a start or a
 * measurement replaces what its key said before (a correction uses the corrected event's key), and
 * `null` withdraws it. The responses are then derived again from the inputs.
 */
export function evolveResponse(row: ResponseRow | undefined, input: ResponseInput): ResponseRow | undefined {
  switch (input.kind) {
    case 'ENROLLED':
      return derived({ subject: input.subject, arm: row?.arm ?? input.arm, protocol: input.protocol, starts: row?.starts ?? [], measurements: row?.measurements ?? [] });
    case 'START': {
      if (!row) return row;
      const others = row.starts.filter((s) => s.key !== input.key);
      return derived({ ...row, starts: input.start ? [...others, { key: input.key, ...input.start }] : others });
    }
    case 'MEASUREMENT': {
      if (!row) return row;
      const others = row.measurements.filter((m) => m.key !== input.key);
      return derived({ ...row, measurements: input.measurement ? [...others, input.measurement] : others });
    }
    default:
      return row;
  }
}

/** Tests and time travel: the row a subject's inputs fold into. */
export function foldResponse(inputs: ReadonlyArray<ResponseInput>): ResponseRow | undefined {
  return inputs.reduce<ResponseRow | undefined>(evolveResponse, undefined);
}
