import { isAfter, isBefore, type IsoTime } from '@poems/kernel';
import type { AdverseEventEntry, PatientState } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { bradycardia } from './bradycardia';
import { febrileNeutropenia } from './febrile-neutropenia';
import { neuropathyWorsening } from './neuropathy-worsening';

/**
 * What speaks against escalating thalidomide at a time (issue 16 item 10): a safety episode open
 * then (BRADYCARDIA, NEUROPATHY_WORSENING, and FEBRILE_NEUTROPENIA, which runs on either arm:
 * toxicity that need not be recorded as an adverse event), or an earlier neuropathy adverse event
 * of the protocol's grade (thalidomideEscalation).
 */
export interface SafetyEpisode {
  readonly rule: AlertFinding['rule'];
  readonly openedAt: IsoTime;
  readonly clearedAt?: IsoTime;
  readonly evidence: ReadonlyArray<string>;
}

/** The safety episodes the patient's whole history shows, as their rules find them at `now`. */
export function safetyEpisodes(state: PatientState, now: IsoTime): SafetyEpisode[] {
  return [...bradycardia(state, now).findings, ...neuropathyWorsening(state, now).findings, ...febrileNeutropenia(state, now).findings].map((f) => ({
    rule: f.rule,
    openedAt: f.clinicalTime,
    ...(f.clearedAt !== undefined && { clearedAt: f.clearedAt }),
    evidence: f.evidence,
  }));
}

/** Episodes open at a time: opened at or before it and not cleared by it. */
export function openAt(episodes: ReadonlyArray<SafetyEpisode>, time: IsoTime): SafetyEpisode[] {
  return episodes.filter((e) => !isAfter(e.openedAt, time) && (e.clearedAt === undefined || isAfter(e.clearedAt, time)));
}

/** Terms of a neuropathy adverse event (CTCAE: peripheral sensory / motor neuropathy; "neuropathy" in any term). */
export function isNeuropathyEvent(ae: AdverseEventEntry): boolean {
  return /neuropath/i.test(ae.term);
}

/** Neuropathy adverse events of at least `minGrade` with onset at or before a time. */
export function neuropathyEventsBy(state: PatientState, minGrade: number, time: IsoTime): AdverseEventEntry[] {
  return state.adverseEvents.filter((ae) => isNeuropathyEvent(ae) && ae.grade >= minGrade && !isAfter(ae.onsetAt, time));
}

/** Adverse events that were ongoing at some point of [from, to] (a resolved one only if it resolved at or after `from`). */
export function adverseEventsDuring(state: PatientState, from: IsoTime, to: IsoTime): AdverseEventEntry[] {
  return state.adverseEvents.filter((ae) => !isAfter(ae.onsetAt, to) && (ae.resolvedAt === undefined || !isBefore(ae.resolvedAt, from)));
}
