import type { AgeBand, ProtocolDefinition } from './protocol-definition';
import { protocolThalidomideDose, withinTolerance } from './protocol-doses';
import { roundTo } from './rounding';

export type ThalidomideChangePhase = 'START' | 'ESCALATION' | 'REDUCTION' | 'INTERRUPTION' | 'RESTART';

export interface ThalidomideDoseCheck {
  /** The protocol's dose this change is compared with (0 for an interruption). */
  readonly protocolMgPerDay: number;
  /** Within the tolerance of that dose, or inside the protocol's adjustable range. */
  readonly withinTolerance: boolean;
  /** Below the protocol dose with a reason given: a documented reduction (toxicity), not an error. */
  readonly documentedReduction: boolean;
  /** Above the protocol's maximum for the patient's dose band: off protocol whatever the reason. */
  readonly aboveProtocolMaximum: boolean;
}

/**
 * Judges one thalidomide change (issue 16 item 5). The protocol's steps are the start and the
 * escalated dose; a reduction or restart is compared with the nearer step (the lower on a tie).
 * A dose inside the protocol's adjustable range (J-POST: 100-300 mg/day) is within protocol. A dose
 * below the protocol dose recorded with a reason is a documented reduction; one above the maximum
 * (× the band's dose factor) is off protocol even with a reason.
 */
export function checkThalidomideDose(
  protocol: ProtocolDefinition,
  band: Pick<AgeBand, 'doseFactor'>,
  phase: ThalidomideChangePhase,
  mgPerDay: number,
  reason: string | undefined,
): ThalidomideDoseCheck {
  if (phase === 'INTERRUPTION') return { protocolMgPerDay: 0, withinTolerance: true, documentedReduction: false, aboveProtocolMaximum: false };
  const start = protocolThalidomideDose(protocol, band, 'START');
  const escalated = protocolThalidomideDose(protocol, band, 'ESCALATED');
  const protocolMgPerDay =
    phase === 'START' ? start : phase === 'ESCALATION' ? escalated : Math.abs(escalated - mgPerDay) < Math.abs(start - mgPerDay) ? escalated : start;
  const maximum = roundTo(protocol.thalidomide.maxMgPerDay * band.doseFactor, 2);
  const aboveProtocolMaximum = mgPerDay > maximum + 1e-9;
  const range = protocol.thalidomideRange;
  const inRange = range !== null && mgPerDay >= range.minMgPerDay * band.doseFactor - 1e-9 && mgPerDay <= range.maxMgPerDay * band.doseFactor + 1e-9;
  const within = !aboveProtocolMaximum && (inRange || withinTolerance(mgPerDay, protocolMgPerDay, protocol.doseTolerance));
  const documentedReduction = !within && !aboveProtocolMaximum && mgPerDay < protocolMgPerDay && reason !== undefined && reason.trim() !== '';
  return { protocolMgPerDay, withinTolerance: within, documentedReduction, aboveProtocolMaximum };
}
