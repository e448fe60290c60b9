import { addDays, isAfter, isBefore } from '@poems/kernel';
import { treatmentStart } from '@poems/patient';
import { roundSignificant } from '@poems/protocol';
import { day, defineRule, evaluation, finding, num } from '../rule-support';
import { collectedFrom, vegfResults } from './vegf-results';

/**
 * How old a baseline VEGF may be at treatment start. The protocol definition has no field for it
 * yet (a new protocol version would add one); until then it is this named constant.
 */
export const VEGF_BASELINE_MAX_AGE_DAYS = 90;

/**
 * VEGF_NON_RESPONSE (warning). Baseline: the last VEGF collected in [start − 90 days, start]. The
 * check: the first VEGF collected at/after start + nonResponseCheckDays. A finding when the check is
 * above baseline × (1 − minFallFraction) (a fall of exactly the fraction is a response); cleared by
 * the first later result at or below that target. No baseline, no check result: no finding.
 */
export const vegfNonResponse = defineRule(({ state, protocol }) => {
  const start = treatmentStart(state);
  if (start === undefined) return evaluation([]);
  const { nonResponseCheckDays, minFallFraction } = protocol.vegfResponse;
  const results = vegfResults(state, protocol);
  const earliestBaseline = addDays(start, -VEGF_BASELINE_MAX_AGE_DAYS);
  const baseline = results.filter((r) => !isAfter(r.collectedAt, start) && !isBefore(r.collectedAt, earliestBaseline)).at(-1);
  if (!baseline) return evaluation([]);
  const [check, ...later] = collectedFrom(results, addDays(start, nonResponseCheckDays));
  const target = roundSignificant(baseline.value * (1 - minFallFraction));
  if (!check || check.value <= target) return evaluation([]);
  const percent = baseline.value === 0 ? undefined : num(Math.abs(1 - check.value / baseline.value) * 100);
  const change = percent === undefined ? '' : `${check.value <= baseline.value ? 'fell' : 'rose'} ${percent}% `;
  const summary =
    `VEGF ${num(check.value)} pg/mL on ${day(check.collectedAt)} ${change}from baseline ${num(baseline.value)}: ` +
    `response needs ≤ ${num(target)} (−${num(minFallFraction * 100)}%)`;
  const response = later.find((r) => r.value <= target);
  return evaluation([
    finding(
      {
        rule: 'VEGF_NON_RESPONSE',
        severity: 'warning',
        episodeKey: 'six-month-check',
        clinicalTime: check.collectedAt,
        summary,
        evidence: [baseline.eventId, check.eventId],
      },
      response && { at: response.collectedAt, because: `VEGF ${num(response.value)} pg/mL on ${day(response.collectedAt)}` },
    ),
  ]);
});
