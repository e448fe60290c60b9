import type { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';

/** What a course generator hands back: the commands and what the tests need to know about them. */
export interface CourseResult {
  readonly log: CommandLog;
  /** UTC. */
  readonly treatmentStart: string;
  readonly problems: ReadonlyArray<PlantedProblem>;
  readonly regimenEndedAt?: string;
  readonly correctedAccessionId?: string;
}

/** A baseline VEGF keyed in with two digits swapped, as the laboratory later corrects it. */
export function misKeyed(value: number): number {
  const digits = String(value).split('');
  [digits[1], digits[2]] = [digits[2] as string, digits[1] as string];
  const swapped = Number(digits.join(''));
  return swapped === value ? value + 900 : swapped;
}

export const roundTo = (value: number, step: number) => Math.round(value / step) * step;
