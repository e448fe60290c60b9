import { assessResponses, currentResponses, startsOf } from './response-criteria';
import type { ResponseInput, ResponseRow } from './response-rows';

type ResponseInputs = Omit<ResponseRow, 'treatmentStartedAt' | 'assessments' | 'current'>;

/** The derived part of a row (day 0, every assessment, the current one per domain) from its inputs. */
export function deriveResponse(row: ResponseInputs): ResponseRow {
  const assessments = assessResponses(row);
  return { ...row, treatmentStartedAt: startsOf(row).start?.at ?? null, assessments, current: currentResponses(assessments) };
}

/**
 * The row's inputs after `inputs`, in order, or `row` itself when none of them applies; not
 * derived: apply what arrived, then derive once (`deriveResponse`). Deriving after every input
 * made a history of n results cost n² (a thousand-event timeline as of a past time took a second).
 * Enrolment creates the row (the stream starts with it; anything before it is dropped); a start or
 * a measurement replaces what its key said before and moves to the end (a correction uses the
 * corrected event's key), and `null` withdraws it.
 */
export function applyResponseInputs(row: ResponseRow | undefined, inputs: ReadonlyArray<ResponseInput>): ResponseInputs | ResponseRow | undefined {
  let head: Pick<ResponseRow, 'subject' | 'arm' | 'protocol'> | undefined = row && { subject: row.subject, arm: row.arm, protocol: row.protocol };
  const starts = new Map((row?.starts ?? []).map((start) => [start.key, start]));
  const measurements = new Map((row?.measurements ?? []).map((measurement) => [measurement.key, measurement]));
  let applied = false;
  for (const input of inputs) {
    if (input.kind === 'ENROLLED') head = { subject: input.subject, arm: head?.arm ?? input.arm, protocol: input.protocol };
    else if (!head) continue;
    else if (input.kind === 'START') {
      starts.delete(input.key);
      if (input.start) starts.set(input.key, { key: input.key, ...input.start });
    } else if (input.kind === 'MEASUREMENT') {
      measurements.delete(input.key);
      if (input.measurement) measurements.set(input.key, input.measurement);
    } else continue;
    applied = true;
  }
  if (!applied) return row;
  return head && { ...head, starts: [...starts.values()], measurements: [...measurements.values()] };
}

/** The response row after one input, derived again from all the inputs. */
export function evolveResponse(row: ResponseRow | undefined, input: ResponseInput): ResponseRow | undefined {
  const next = applyResponseInputs(row, [input]);
  return next === row || next === undefined ? row : deriveResponse(next);
}

/** Tests and time travel: the row a subject's inputs fold into, derived once. */
export function foldResponse(inputs: ReadonlyArray<ResponseInput>): ResponseRow | undefined {
  const row = applyResponseInputs(undefined, inputs);
  return row && deriveResponse(row);
}
