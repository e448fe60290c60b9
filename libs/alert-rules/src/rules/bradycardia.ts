import { isAfter } from '@poems/kernel';
import { thalidomideDoseAt, type AssessmentEntry, type PatientState } from '@poems/patient';
import { day, defineRule, evaluation, finding, num, trackEpisodes } from '../rule-support';

type HeartRate = AssessmentEntry & { readonly kind: 'VITALS'; readonly heartRateBpm: number };
const isHeartRate = (a: AssessmentEntry): a is HeartRate => a.kind === 'VITALS' && a.heartRateBpm !== undefined;

/** The id of the thalidomide entry in effect at a clinical time, as evidence. */
const doseEvidence = (state: PatientState, at: string): string[] =>
  state.thalidomide.filter((t) => !isAfter(t.effectiveAt, at)).slice(-1).map((t) => t.eventId);

/**
 * BRADYCARDIA (warning). A heart rate below bradycardiaBelowBpm while thalidomide is in effect
 * (thalidomideDoseAt > 0) opens an episode; the next heart rate at or above the threshold closes it
 * and re-arms, whether or not thalidomide is still given.
 */
export const bradycardia = defineRule(({ state, protocol, zone }) => {
  const below = protocol.bradycardiaBelowBpm;
  const episodes = trackEpisodes(state.assessments.filter(isHeartRate), (v) => {
    if (v.heartRateBpm >= below) return 'close';
    return thalidomideDoseAt(state, v.assessedAt) > 0 ? 'open' : 'keep';
  });
  return evaluation(
    episodes.map(({ opening, closing }) =>
      finding(
        {
          rule: 'BRADYCARDIA',
          severity: 'warning',
          episodeKey: opening.eventId,
          clinicalTime: opening.assessedAt,
          summary:
            `Heart rate ${opening.heartRateBpm} bpm on ${day(opening.assessedAt, zone)} on thalidomide ` +
            `${num(thalidomideDoseAt(state, opening.assessedAt))} mg/day (alert below ${num(below)} bpm)`,
          evidence: [opening.eventId, ...doseEvidence(state, opening.assessedAt)],
        },
        closing && { at: closing.assessedAt, because: `heart rate ${closing.heartRateBpm} bpm on ${day(closing.assessedAt, zone)}` },
      ),
    ),
  );
});
