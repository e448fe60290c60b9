import { isAfter, isBefore, type IsoTime, type TimeZone } from '@poems/kernel';
import { milestoneOf, nerveSeriesKey, type AdverseEventEntry, type AssessmentEntry, type PatientState } from '@poems/patient';
import { roundSignificant, type ProtocolDefinition } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num, shortText, trackEpisodes } from '../rule-support';

const isNeuropathyTerm = (term: string) => /neuropath/i.test(term);

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

/** What the comparison is against: the best value since this treatment started. */
interface Baseline {
  readonly label: string;
  readonly zone: TimeZone;
}

/** ONLS ≥ best (lowest) earlier score on treatment + onlsWorseningPoints; below that again re-arms. */
function onlsFindings(assessments: ReadonlyArray<Onls>, protocol: ProtocolDefinition, { label, zone }: Baseline): AlertFinding[] {
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
      `ONLS ${opening.score} on ${day(opening.assessedAt, zone)}, up ${opening.score - base.score} from best ${base.score} ` +
      `${label} (${day(base.assessedAt, zone)}; alert at +${points})`;
    const clearing = closing && { at: closing.assessedAt, because: `ONLS ${closing.score} on ${day(closing.assessedAt, zone)}` };
    return neuropathy(opening, summary, [base.eventId, opening.eventId], clearing);
  });
}

/** The nerve a conduction study measured: its code (any accepted spelling) and side, when the side is recorded. */
function nerveKey(a: NerveConduction): string {
  return `${nerveSeriesKey(a.nerve)}|${a.side ?? ''}`;
}

/** CMAP ≤ best (highest) earlier amplitude of the same nerve on treatment × (1 − cmapDropFraction). */
function cmapFindings(assessments: ReadonlyArray<NerveConduction>, protocol: ProtocolDefinition, { label, zone }: Baseline): AlertFinding[] {
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
      const nerve = `${shortText(nerveSeriesKey(opening.nerve), 30)}${opening.side ? ` (${opening.side})` : ''}`;
      const fall = Math.round((1 - opening.cmapAmplitudeMv / base.cmapAmplitudeMv) * 100);
      const summary =
        `${nerve} CMAP ${num(opening.cmapAmplitudeMv)} mV on ${day(opening.assessedAt, zone)}, down ${fall}% from best ` +
        `${num(base.cmapAmplitudeMv)} mV ${label} (alert at −${num(drop * 100)}%)`;
      const clearing = closing && { at: closing.assessedAt, because: `CMAP ${num(closing.cmapAmplitudeMv)} mV on ${day(closing.assessedAt, zone)}` };
      return neuropathy(opening, summary, [base.eventId, opening.eventId], clearing);
    });
  });
}

/** When monitoring starts: the first thalidomide dose, or the stem cell infusion after a transplant (whichever is first). */
function treatmentBaseline(state: PatientState): { start: IsoTime; label: string } | undefined {
  const thalidomide = state.thalidomide.find((t) => t.mgPerDay > 0)?.effectiveAt;
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION')?.occurredAt;
  if (thalidomide !== undefined && (infusion === undefined || !isAfter(thalidomide, infusion))) return { start: thalidomide, label: 'on thalidomide' };
  return infusion === undefined ? undefined : { start: infusion, label: 'since transplant' };
}

/**
 * A neuropathy adverse event (CTCAE peripheral sensory or motor neuropathy) of the protocol's grade
 * or worse on treatment is a worsening too, unless a measured worsening is already open then (the
 * same worsening, recorded twice). Its resolution closes the episode.
 */
function adverseEventFindings(
  events: ReadonlyArray<AdverseEventEntry>,
  measured: ReadonlyArray<AlertFinding>,
  protocol: ProtocolDefinition,
  { label, zone }: Baseline,
): AlertFinding[] {
  const openMeasured = (at: IsoTime) =>
    measured.some((f) => !isAfter(f.clinicalTime, at) && (f.active || (f.clearedAt !== undefined && isAfter(f.clearedAt, at))));
  return events
    .filter((ae) => isNeuropathyTerm(ae.term) && ae.grade >= protocol.neuropathyAdverseEvent.minGrade && !openMeasured(ae.onsetAt))
    .map((ae) =>
      finding(
        {
          rule: 'NEUROPATHY_WORSENING',
          severity: 'warning',
          episodeKey: ae.eventId,
          clinicalTime: ae.onsetAt,
          summary: `${shortText(ae.term)} grade ${ae.grade} on ${day(ae.onsetAt, zone)} ${label} (adverse event; alert from grade ${protocol.neuropathyAdverseEvent.minGrade})`,
          evidence: [ae.eventId],
        },
        ae.resolvedAt === undefined ? undefined : { at: ae.resolvedAt, because: `resolved ${day(ae.resolvedAt, zone)}` },
      ),
    );
}

/**
 * NEUROPATHY_WORSENING (warning). From the start of treatment (the first thalidomide dose, or the
 * stem cell infusion: after a transplant a rising ONLS signals relapse), compares assessments with
 * the best earlier value on treatment: ONLS up by onlsWorseningPoints or more, or a nerve's CMAP
 * amplitude down by cmapDropFraction or more (nerves by code, so "Median" and "median nerve" are one
 * series). A neuropathy adverse event of neuropathyAdverseEvent.minGrade or worse counts too. One
 * episode per worsening, per measure and nerve; a value back inside the threshold closes it and re-arms.
 */
export const neuropathyWorsening = defineRule(({ state, protocol, zone }) => {
  const baseline = treatmentBaseline(state);
  if (!baseline) return evaluation([]);
  const context = { label: baseline.label, zone };
  const onTreatment = state.assessments.filter((a) => !isBefore(a.assessedAt, baseline.start));
  const measured = [
    ...onlsFindings(onTreatment.filter(isOnls), protocol, context),
    ...cmapFindings(onTreatment.filter(isNerveConduction), protocol, context),
  ];
  const events = state.adverseEvents.filter((ae) => !isBefore(ae.onsetAt, baseline.start));
  return evaluation([...measured, ...adverseEventFindings(events, measured, protocol, context)]);
});
