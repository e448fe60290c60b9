import { milestoneOf } from '@poems/patient';
import { day, defineRule, evaluation, finding, num } from '../rule-support';

/**
 * LOW_CD34_YIELD (warning). An apheresis whose CD34+ yield is below the protocol's cd34MinPerKg
 * (exactly the minimum is enough). Stays active until acknowledged; a correction of the yield to
 * the minimum or above removes it.
 */
export const lowCd34Yield = defineRule(({ state, protocol }) => {
  const apheresis = milestoneOf(state, 'APHERESIS');
  const minimum = protocol.transplant.cd34MinPerKg;
  if (apheresis?.cd34PerKg === undefined || apheresis.cd34PerKg >= minimum) return evaluation([]);
  const summary =
    `CD34+ yield ${num(apheresis.cd34PerKg)} × 10⁶/kg at apheresis on ${day(apheresis.occurredAt)}, ` +
    `below the ${num(minimum)} × 10⁶/kg minimum: consider further collection`;
  return evaluation([
    finding({
      rule: 'LOW_CD34_YIELD',
      severity: 'warning',
      episodeKey: apheresis.eventId,
      clinicalTime: apheresis.occurredAt,
      summary,
      evidence: [apheresis.eventId],
    }),
  ]);
});
