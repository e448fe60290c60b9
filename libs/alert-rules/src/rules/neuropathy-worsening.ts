import { isBefore } from '@poems/kernel';
import type { AssessmentEntry } from '@poems/patient';
import { roundSignificant, type ProtocolDefinition } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num, shortText, trackEpisodes } from '../rule-support';

type Onls = AssessmentEntry & { readonly kind: 'ONLS' };
type NerveConduction = AssessmentEntry & { readonly kind: 'NERVE_CONDUCTION' };

const isOnls = (a: AssessmentEntry): a is Onls => a.kind === 'ONLS';
const isNerveConduction = (a: AssessmentEntry): a is NerveConduction => a.kind === 'NERVE_CONDUCTION';

type Closing = { readonly at: string; readonly because: string };

const neuropathy = (opening: AssessmentEntry, summary: string, evidence: string[], closing?: Closing): AlertFinding =>
  finding(
    { rule: 'NEUROPATHY_WORSENING', severity: 'warning', episodeKey: opening.eventId, clinicalTime: opening.assessedAt, summary, evidence },
    closing,
  );

/** ONLS ≥ best (lowest) earlier score on thalidomide + onlsWorseningPoints; below that again re-arms. */
function onlsFindings(assessments: ReadonlyArray<Onls>, protocol: ProtocolDefinition): AlertFinding[] {
  const points = protocol.neuropathy.onlsWorseningPoints;
  let best: Onls | undefined;
  const bestBefore = new Map<Onls, Onls>();
  const episodes = trackEpisodes(assessments, (a, open) => {
    const previousBest = best;
    if (!best || a.score < best.score) best = a;
    if (!previousBest) return 'keep';
    const threshold = (open ? (bestBefore.get(open) as Onls) : previousBest).score + points;
    if (a.score < threshold) return 'close';
    bestBefore.set(a, previousBest);
    return 'open';
  });
  return episodes.map(({ opening, closing }) => {
    const base = bestBefore.get(opening) as Onls;
    const summary =
      `ONLS ${opening.score} on ${day(opening.assessedAt)}, up ${opening.score - base.score} from best ${base.score} ` +
      `on thalidomide (${day(base.assessedAt)}; alert at +${points})`;
    const clearing = closing && { at: closing.assessedAt, because: `ONLS ${closing.score} on ${day(closing.assessedAt)}` };
    return neuropathy(opening, summary, [base.eventId, opening.eventId], clearing);
  });
}

/** The nerve a conduction study measured: same name (any case) and side, when the side is recorded. */
function nerveKey(a: NerveConduction): string {
  return `${a.nerve.trim().toLowerCase()}|${a.side ?? ''}`;
}

/** CMAP ≤ best (highest) earlier amplitude of the same nerve on thalidomide × (1 − cmapDropFraction). */
function cmapFindings(assessments: ReadonlyArray<NerveConduction>, protocol: ProtocolDefinition): AlertFinding[] {
  const drop = protocol.neuropathy.cmapDropFraction;
  const limitFor = (best: NerveConduction) => roundSignificant(best.cmapAmplitudeMv * (1 - drop));
  const byNerve = new Map<string, NerveConduction[]>();
  for (const a of assessments) byNerve.set(nerveKey(a), [...(byNerve.get(nerveKey(a)) ?? []), a]);
  return [...byNerve.values()].flatMap((studies) => {
    let best: NerveConduction | undefined;
    const bestBefore = new Map<NerveConduction, NerveConduction>();
    const episodes = trackEpisodes(studies, (a, open) => {
      const previousBest = best;
      if (!best || a.cmapAmplitudeMv > best.cmapAmplitudeMv) best = a;
      // A best of 0 mV (no response) leaves nothing to lose.
      if (!previousBest || previousBest.cmapAmplitudeMv === 0) return 'keep';
      const limit = limitFor(open ? (bestBefore.get(open) as NerveConduction) : previousBest);
      if (a.cmapAmplitudeMv > limit) return 'close';
      bestBefore.set(a, previousBest);
      return 'open';
    });
    return episodes.map(({ opening, closing }) => {
      const base = bestBefore.get(opening) as NerveConduction;
      const nerve = `${shortText(opening.nerve, 30)}${opening.side ? ` (${opening.side})` : ''}`;
      const fall = Math.round((1 - opening.cmapAmplitudeMv / base.cmapAmplitudeMv) * 100);
      const summary =
        `${nerve} CMAP ${num(opening.cmapAmplitudeMv)} mV on ${day(opening.assessedAt)}, down ${fall}% from best ` +
        `${num(base.cmapAmplitudeMv)} mV on thalidomide (alert at −${num(drop * 100)}%)`;
      const clearing = closing && { at: closing.assessedAt, because: `CMAP ${num(closing.cmapAmplitudeMv)} mV on ${day(closing.assessedAt)}` };
      return neuropathy(opening, summary, [base.eventId, opening.eventId], clearing);
    });
  });
}

/**
 * NEUROPATHY_WORSENING (warning). Compares assessments at/after the first thalidomide start
 * (> 0 mg/day) with the best earlier value on thalidomide: ONLS up by onlsWorseningPoints or more,
 * or a nerve's CMAP amplitude down by cmapDropFraction or more. One episode per worsening, per
 * measure and nerve; a value back inside the threshold closes it and re-arms.
 */
export const neuropathyWorsening = defineRule(({ state, protocol }) => {
  const start = state.thalidomide.find((t) => t.mgPerDay > 0);
  if (!start) return evaluation([]);
  const onThalidomide = state.assessments.filter((a) => !isBefore(a.assessedAt, start.effectiveAt));
  const onls = onlsFindings(onThalidomide.filter(isOnls), protocol);
  return evaluation([...onls, ...cmapFindings(onThalidomide.filter(isNerveConduction), protocol)]);
});
