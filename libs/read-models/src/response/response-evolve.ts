import { assessResponses, currentResponses, startsOf } from './response-criteria';
import type { ResponseInput, ResponseRow } from './response-rows';

/** The derived part of a row (day 0, every assessment, the current one per domain) from its inputs. */
export function deriveResponse(row: Omit<ResponseRow, 'treatmentStartedAt' | 'assessments' | 'current'>): ResponseRow {
  const assessments = assessResponses(row);
  return { ...row, treatmentStartedAt: startsOf(row).start?.at ?? null, assessments, current: currentResponses(assessments) };
}

/**
 * The row's inputs after one input, its derived part left as it was: fold many inputs with this,
 * then derive once (`deriveResponse`): deriving after every input made a history of n results
 * cost n² (a thousand-event timeline as of a past time took a second).
 * Enrolment creates the row (the stream starts with it); a start or a measurement replaces what
 * its key said before (a correction uses the corrected event's key), and `null` withdraws it.
 */
export function withResponseInput(row: ResponseRow | undefined, input: ResponseInput): ResponseRow | undefined {
  switch (input.kind) {
    case 'ENROLLED':
      return {
        subject: input.subject,
        arm: row?.arm ?? input.arm,
        protocol: input.protocol,
        starts: row?.starts ?? [],
        measurements: row?.measurements ?? [],
        treatmentStartedAt: row?.treatmentStartedAt ?? null,
        assessments: row?.assessments ?? [],
        current: row?.current ?? { VEGF: null, HAEMATOLOGIC: null, CLINICAL: null },
      };
    case 'START': {
      if (!row) return row;
      const others = row.starts.filter((s) => s.key !== input.key);
      return { ...row, starts: input.start ? [...others, { key: input.key, ...input.start }] : others };
    }
    case 'MEASUREMENT': {
      if (!row) return row;
      const others = row.measurements.filter((m) => m.key !== input.key);
      return { ...row, measurements: input.measurement ? [...others, input.measurement] : others };
    }
    default:
      return row;
  }
}

/** The response row after one input, derived again from all the inputs. */
export function evolveResponse(row: ResponseRow | undefined, input: ResponseInput): ResponseRow | undefined {
  const next = withResponseInput(row, input);
  return next && next !== row ? deriveResponse(next) : next;
}

/**
 * Tests and time travel: the row a subject's inputs fold into, derived once. The same replacing
 * as `withResponseInput` (a key given again moves to the end), over maps: linear in the inputs.
 */
export function foldResponse(inputs: ReadonlyArray<ResponseInput>): ResponseRow | undefined {
  let head: Pick<ResponseRow, 'subject' | 'arm' | 'protocol'> | undefined;
  const starts = new Map<string, ResponseRow['starts'][number]>();
  const measurements = new Map<string, ResponseRow['measurements'][number]>();
  for (const input of inputs) {
    if (input.kind === 'ENROLLED') head = { subject: input.subject, arm: head?.arm ?? input.arm, protocol: input.protocol };
    else if (!head) continue;
    else if (input.kind === 'START') {
      starts.delete(input.key);
      if (input.start) starts.set(input.key, { key: input.key, ...input.start });
    } else if (input.kind === 'MEASUREMENT') {
      measurements.delete(input.key);
      if (input.measurement) measurements.set(input.key, input.measurement);
    }
  }
  return head && deriveResponse({ ...head, starts: [...starts.values()], measurements: [...measurements.values()] });
}
