import { addCalendarDays, addDays, endOfLocalDay, isAfter, localDate, toIso, toMs, type CalendarDate, type IsoTime, type TimeZone } from '@poems/kernel';
import { clinicZoneOf, protocolOf, type EnrolmentSummary, type PatientState, type RegimenEndEntry } from '@poems/patient';
import { roundTo, type ProtocolDefinition } from '@poems/protocol';
import { NO_FINDINGS, type AlertFinding, type ClearedReason, type Evaluation } from './alert-finding';

/** What every rule reads: the folded state, the protocol the patient was enrolled under, and `now`. */
export interface RuleContext {
  readonly state: PatientState;
  readonly enrolment: EnrolmentSummary;
  readonly protocol: ProtocolDefinition;
  readonly now: IsoTime;
  /** The patient's clinic time zone (recorded at enrolment): due days, grace ends and summary dates use it. */
  readonly zone: TimeZone;
}

/** A rule: pure, over the whole folded history, evaluated at `now`. */
export type AlertRule = (state: PatientState, now: IsoTime) => Evaluation;

/** A not-enrolled state yields nothing; every rule body sees an enrolled patient and their protocol. */
export function defineRule(body: (context: RuleContext) => Evaluation): AlertRule {
  return (state, now) => {
    const protocol = protocolOf(state);
    if (state.status === 'NOT_ENROLLED' || !state.enrolment || !protocol) return NO_FINDINGS;
    return body({ state, enrolment: state.enrolment, protocol, now, zone: clinicZoneOf(state.enrolment) });
  };
}

export interface Clearing {
  readonly at: IsoTime;
  readonly because: string;
  readonly reason?: ClearedReason;
}

/** Summaries stay under this many characters (free text such as a nerve name could exceed it). */
export const SUMMARY_MAX = 140;

type FindingBase = Omit<AlertFinding, 'active' | 'clearedAt' | 'clearedBecause' | 'clearedReason'>;

/** Active without a clearing; otherwise inactive since the clearing's clinical time. */
export function finding(base: FindingBase, clearing?: Clearing): AlertFinding {
  const summary = base.summary.length < SUMMARY_MAX ? base.summary : `${base.summary.slice(0, SUMMARY_MAX - 2)}…`;
  if (!clearing) return { ...base, summary, active: true };
  return {
    ...base,
    summary,
    active: false,
    clearedAt: clearing.at,
    clearedBecause: clearing.because,
    clearedReason: clearing.reason ?? 'CONDITION_CLEARED',
  };
}

export function regimenEndClearing(ended: RegimenEndEntry, zone: TimeZone): Clearing {
  return { at: ended.endedAt, because: `regimen ended ${day(ended.endedAt, zone)}`, reason: 'PATIENT_REGIMEN_ENDED' };
}

/**
 * The first instant after `time`. A time-driven rule that tolerates an event up to `by` inclusive
 * first fires just after it: scheduling the engine at `by` itself would find nothing and never wake again.
 */
export function justAfter(time: IsoTime): IsoTime {
  return toIso(toMs(time) + 1);
}

export type ExpectationOutcome =
  /** Met by `by`, or the regimen ended by then: nothing to report. */
  | { readonly status: 'MET' }
  /** `now` ≤ `by` and nothing yet: re-check at the deadline. */
  | { readonly status: 'PENDING'; readonly deadline: IsoTime }
  /** Missed; cleared when a later event met it or the regimen ended. */
  | { readonly status: 'MISSED'; readonly clearing?: Clearing };

/**
 * Something expected by `by` (inclusive). `met` is the first event that meets it, at any time.
 * After the regimen's end nothing more is expected.
 */
export function expectBy(
  by: IsoTime,
  met: Clearing | undefined,
  ended: RegimenEndEntry | undefined,
  now: IsoTime,
  zone: TimeZone,
): ExpectationOutcome {
  if (met && !isAfter(met.at, by)) return { status: 'MET' };
  if (ended && !isAfter(ended.endedAt, by)) return { status: 'MET' };
  const endClearing = ended && regimenEndClearing(ended, zone);
  const clearing = met && endClearing ? (isAfter(met.at, endClearing.at) ? endClearing : met) : (met ?? endClearing);
  if (clearing) return { status: 'MISSED', clearing };
  if (!isAfter(now, by)) return { status: 'PENDING', deadline: justAfter(by) };
  return { status: 'MISSED' };
}

export interface Episode<T> {
  readonly opening: T;
  /** The item that closed the episode, if one did. */
  readonly closing?: T;
}

/**
 * Walks items in clinical order and cuts them into episodes: `judge` sees each item and the item
 * that opened the current episode (if one is open) and says whether it opens, closes or changes
 * nothing. A closed episode re-arms the rule.
 */
export type EpisodeVerdict = 'open' | 'close' | 'keep';

export function trackEpisodes<T>(items: ReadonlyArray<T>, judge: (item: T, open: T | undefined) => EpisodeVerdict): Episode<T>[] {
  const episodes: Array<{ opening: T; closing?: T }> = [];
  let open: { opening: T; closing?: T } | undefined;
  for (const item of items) {
    const verdict = judge(item, open?.opening);
    if (verdict === 'open' && !open) {
      open = { opening: item };
      episodes.push(open);
    } else if (verdict === 'close' && open) {
      open.closing = item;
      open = undefined;
    }
  }
  return episodes;
}

/**
 * A day counted on the clinic calendar from an anchor (issue 16 item 9): its date, the anchor's
 * clock time on it (what an alert about it is dated at, as clinicians count "28 days after the first
 * dose") and the last millisecond of that clinic day ("by day N" includes all of day N).
 */
export interface ClinicDay {
  readonly date: CalendarDate;
  readonly at: IsoTime;
  readonly end: IsoTime;
}

export function clinicDayAfter(anchor: IsoTime, days: number, zone: TimeZone): ClinicDay {
  const date = addCalendarDays(localDate(anchor, zone), days);
  return { date, at: addDays(anchor, days), end: endOfLocalDay(date, zone) };
}

/** The clinic date of a time, as summaries show it (the patient's zone: `RuleContext.zone`). */
export function day(time: IsoTime, zone: TimeZone): string {
  return localDate(time, zone);
}

/** A number as a clinician reads it: at most 2 decimals, no trailing zeros. */
export function num(value: number): string {
  return String(roundTo(value, 2));
}

/** Free text inside a one-line summary, shortened so the line stays readable. */
export function shortText(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export function evaluation(findings: AlertFinding[], deadlines: IsoTime[] = []): Evaluation {
  return { findings, deadlines };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a free-text term (an adverse event) names one of the protocol's words, at the start of a word, any case. */
export function namesAny(text: string, terms: ReadonlyArray<string>): boolean {
  return terms.some((term) => new RegExp(`(^|[^a-z])${escapeRegExp(term.toLowerCase())}`).test(text.toLowerCase()));
}
