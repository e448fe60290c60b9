import { treatmentStart } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num, trackEpisodes } from '../rule-support';
import { collectedFrom, vegfResults, type VegfResult } from './vegf-results';

/**
 * VEGF_REBOUND (warning). On treatment (collected at/after treatment start), a result ≥ its upper
 * limit of normal after a normal (< limit) one opens an episode; the next normal result closes it
 * and re-arms the rule.
 */
export const vegfRebound = defineRule(({ state, protocol }) => {
  const start = treatmentStart(state);
  if (start === undefined) return evaluation([]);
  let lastNormal: VegfResult | undefined;
  const normalBefore = new Map<VegfResult, VegfResult>();
  const episodes = trackEpisodes(collectedFrom(vegfResults(state, protocol), start), (result, open) => {
    if (result.value < result.upperLimit) {
      lastNormal = result;
      return 'close';
    }
    if (open || !lastNormal) return 'keep';
    normalBefore.set(result, lastNormal);
    return 'open';
  });
  const findings = episodes.map(({ opening, closing }): AlertFinding => {
    const normal = normalBefore.get(opening) as VegfResult;
    return finding(
      {
        rule: 'VEGF_REBOUND',
        severity: 'warning',
        episodeKey: opening.eventId,
        clinicalTime: opening.collectedAt,
        summary:
          `VEGF ${num(opening.value)} pg/mL on ${day(opening.collectedAt)} ≥ upper limit ${num(opening.upperLimit)} ` +
          `after normal ${num(normal.value)} on ${day(normal.collectedAt)}: possible relapse`,
        evidence: [normal.eventId, opening.eventId],
      },
      closing && {
        at: closing.collectedAt,
        because: `VEGF ${num(closing.value)} pg/mL on ${day(closing.collectedAt)}, below ${num(closing.upperLimit)}`,
      },
    );
  });
  return evaluation(findings);
});
