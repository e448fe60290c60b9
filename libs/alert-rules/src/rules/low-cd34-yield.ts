import { milestonesOf } from '@poems/patient';
import { roundTo } from '@poems/protocol';
import { day, defineRule, evaluation, finding, num } from '../rule-support';

/**
 * LOW_CD34_YIELD (warning). The collection's cumulative CD34+ yield (the sum over every apheresis
 * with a yield, issue 16 item 12) is below the protocol's cd34MinPerKg after the first apheresis
 * (episode: its id). Cleared by the apheresis that brings the sum to the minimum (exactly the
 * minimum is enough); a correction of the yields to the minimum or above removes it.
 */
export const lowCd34Yield = defineRule(({ state, protocol, zone }) => {
  const aphereses = milestonesOf(state, 'APHERESIS').filter((a) => a.cd34PerKg !== undefined);
  const first = aphereses[0];
  const minimum = protocol.transplant.cd34MinPerKg;
  if (!first || first.cd34PerKg! >= minimum) return evaluation([]);
  let total = 0;
  const reached = aphereses.find((a) => roundTo((total += a.cd34PerKg!), 6) >= minimum);
  const collected = reached ? aphereses.slice(0, aphereses.indexOf(reached)) : aphereses;
  const sum = roundTo(collected.reduce((s, a) => s + a.cd34PerKg!, 0), 6);
  const summary =
    `CD34+ yield ${num(sum)} × 10⁶/kg after ${collected.length} ${collected.length > 1 ? 'aphereses' : 'apheresis'} to ${day(collected.at(-1)!.occurredAt, zone)}, ` +
    `below the ${num(minimum)} × 10⁶/kg minimum: consider further collection`;
  return evaluation([
    finding(
      { rule: 'LOW_CD34_YIELD', severity: 'warning', episodeKey: first.eventId, clinicalTime: first.occurredAt, summary, evidence: collected.map((a) => a.eventId) },
      reached && { at: reached.occurredAt, because: `cumulative yield ${num(roundTo(total, 6))} × 10⁶/kg after apheresis on ${day(reached.occurredAt, zone)}` },
    ),
  ]);
});
