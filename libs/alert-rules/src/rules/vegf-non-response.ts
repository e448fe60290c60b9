import { addCalendarDays, addDays, endOfLocalDay, isAfter, isBefore, localDate, startOfLocalDay } from '@poems/kernel';
import { treatmentStart } from '@poems/patient';
import { pickInWindow, roundSignificant } from '@poems/protocol';
import { day, defineRule, evaluation, finding, justAfter, num } from '../rule-support';
import { vegfBaseline } from './vegf-baseline';
import { isNormal, vegfResults, type VegfResult } from './vegf-results';

const asScheduleResult = (r: VegfResult) => ({ id: r.eventId, at: r.collectedAt, result: r });

/**
 * VEGF_NON_RESPONSE (warning, time-driven). The six-month check is the result the protocol's
 * window names (responseCheckWindow: clinic day nonResponseCheckDays ± 28 whole clinic days,
 * closest to the start's clock time on that day by default; issues 12 and 16 item 9), of the baseline's own series (specimen + method, issue 16 item 3). A
 * normalised value is a complete response however small the fall, and a fall of minFallFraction a
 * partial one (issue 16 item 6); otherwise a finding at the check. Decided when the window closes,
 * or earlier once a result on or after the target day is in (no later one can be closer). No
 * baseline, or no like result in the window: no finding here (ASSESSMENT_OVERDUE reports a missing
 * sample). Cleared by the first later like result that is normal or at or below the target.
 */
export const vegfNonResponse = defineRule(({ state, enrolment, protocol, now, zone }) => {
  const start = treatmentStart(state);
  if (start === undefined) return evaluation([]);
  const baseline = vegfBaseline(state, protocol, enrolment.arm, start, zone);
  if (!baseline) return evaluation([]);
  const { nonResponseCheckDays, minFallFraction } = protocol.vegfResponse;
  const { daysBefore, daysAfter, pick } = protocol.vegfMonitoring.responseCheckWindow;
  const targetDay = addDays(start, nonResponseCheckDays);
  const targetDate = addCalendarDays(localDate(start, zone), nonResponseCheckDays);
  const opens = startOfLocalDay(addCalendarDays(targetDate, -daysBefore), zone);
  const closes = endOfLocalDay(addCalendarDays(targetDate, daysAfter), zone);
  const series = vegfResults(state).filter((r) => r.series === baseline.series && isAfter(r.collectedAt, baseline.collectedAt));
  const inWindow = series.filter((r) => !isBefore(r.collectedAt, opens) && !isAfter(r.collectedAt, closes));
  const settled =
    isAfter(now, closes) ||
    (pick === 'FIRST' && inWindow.length > 0) ||
    (pick === 'CLOSEST' && inWindow.some((r) => !isBefore(r.collectedAt, targetDay)));
  if (!settled) return evaluation([], isAfter(closes, now) ? [justAfter(closes)] : []);
  const check = pickInWindow(series.map(asScheduleResult), targetDay, opens, closes, pick)?.result;
  const target = roundSignificant(baseline.value * (1 - minFallFraction));
  if (!check || isNormal(check) || check.value <= target) return evaluation([]);
  const percent = baseline.value === 0 ? undefined : num(Math.abs(1 - check.value / baseline.value) * 100);
  const change = percent === undefined ? '' : `${check.value <= baseline.value ? 'fell' : 'rose'} ${percent}% `;
  const normal = check.upperLimit === null ? '' : ` or < ${num(check.upperLimit)}`;
  const summary =
    `VEGF ${num(check.value)} pg/mL on ${day(check.collectedAt, zone)} ${change}from baseline ${num(baseline.value)}: ` +
    `response needs ≤ ${num(target)} (−${num(minFallFraction * 100)}%)${normal}`;
  const response = series.find((r) => isAfter(r.collectedAt, check.collectedAt) && (isNormal(r) || r.value <= target));
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
      response && { at: response.collectedAt, because: `VEGF ${num(response.value)} pg/mL on ${day(response.collectedAt, zone)}` },
    ),
  ]);
});
