import type { CommandOutcome } from '@poems/command-pipeline';

/** What a patient command answers over REST: where its events landed, so a client can read its own writes. */
export interface CommandResult {
  patientId: string;
  streamId: string;
  /** The stream's revision after the command (send it back as If-Match). */
  revision: number;
  /** Global position of the last event written (use as ?minPosition= on queries). */
  position: number | null;
  events: CommandOutcome['events'];
  /** True when this answer repeats the first answer to the same Idempotency-Key. */
  replayed: boolean;
}

export function commandResult(patientId: string, outcome: CommandOutcome): CommandResult {
  const { effects: _effects, ...rest } = outcome;
  return { patientId, ...rest };
}
