import { isAfter, toIso, toMs, type IsoTime } from '@poems/kernel';
import { FACT_KINDS, type PatientState } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { finding } from '../rule-support';

/**
 * The history as the system held it at a recorded time: only what had been recorded by then.
 * (A correction recorded later already shows in the entries' values; corrections are not undone here.)
 */
export function asRecordedBy(state: PatientState, recordedAt: IsoTime): PatientState {
  const lists = Object.fromEntries(
    FACT_KINDS.map((kind) => [kind.stateKey, (state[kind.stateKey] as ReadonlyArray<{ recordedAt: IsoTime }>).filter((e) => !isAfter(e.recordedAt, recordedAt))]),
  );
  const ended = state.ended && !isAfter(state.ended.recordedAt, recordedAt) ? state.ended : undefined;
  return { ...state, ...lists, ended } as PatientState;
}

/** An entry that can move a rule's window, with how to name it in a resolution. */
export interface WindowMover {
  readonly recordedAt: IsoTime;
  readonly clinicalTime: IsoTime;
  readonly label: string;
}

/**
 * An alert that was right when raised is not withdrawn because a later entry (a milestone, a
 * count entered late) moves the rule's window: it resolves, naming that entry (issue 16 item 1).
 * Runs `rule` on the history as it stood just before each mover was recorded; an active episode it
 * showed then that the whole history no longer shows is kept, cleared by the mover.
 */
export function keepWhatWasShown(rule: (state: PatientState) => AlertFinding[], state: PatientState, movers: ReadonlyArray<WindowMover>): AlertFinding[] {
  const current = rule(state);
  const shown = new Set(current.map((f) => f.episodeKey));
  const kept: AlertFinding[] = [];
  const byRecordedAt = [...movers].sort((a, b) => toMs(a.recordedAt) - toMs(b.recordedAt) || toMs(a.clinicalTime) - toMs(b.clinicalTime));
  const seen = new Set<IsoTime>();
  for (const mover of byRecordedAt) {
    if (seen.has(mover.recordedAt)) continue;
    seen.add(mover.recordedAt);
    for (const before of rule(asRecordedBy(state, toIso(toMs(mover.recordedAt) - 1)))) {
      if (shown.has(before.episodeKey) || !before.active) continue;
      shown.add(before.episodeKey);
      const { active: _a, clearedAt: _c, clearedBecause: _b, clearedReason: _r, ...base } = before;
      kept.push(finding(base, { at: mover.clinicalTime, because: `${mover.label}, entered later, takes the finding back` }));
    }
  }
  return [...current, ...kept];
}
