import { isAfter, type IsoTime } from '@poems/kernel';
import type { AlertFinding, AlertRuleCode } from './alert-finding';
import type { ResolutionReason } from './alert-events';
import type { AlertStatus } from './alert-state';

export interface ExistingAlert {
  readonly rule: AlertRuleCode;
  readonly episodeKey: string;
  readonly status: AlertStatus;
  /** 0 (absent) for an episode's first alert, 1, 2… for each time a correction brought it back. */
  readonly generation?: number;
  /** When raised and what caused it: lets a resolution name the correction that disproved it. */
  readonly raisedAt?: IsoTime;
  readonly evidence?: ReadonlyArray<string>;
}

/** A correction of the patient's history, as the plan needs it to name what disproved an alert. */
export interface CorrectionNote {
  readonly correctionEventId: string;
  readonly correctsEventId: string;
  readonly reason: string;
  readonly recordedAt: IsoTime;
}

/** A finding to raise; `generation` (absent: 0) names a new episode of an alert a correction brought back. */
export type PlannedRaise = AlertFinding & { readonly generation?: number };

export interface PlannedResolution {
  readonly rule: AlertRuleCode;
  readonly episodeKey: string;
  /** Absent: 0. */
  readonly generation?: number;
  readonly reason: ResolutionReason;
  readonly detail: string;
  /** The clinical time the condition cleared, when it did. */
  readonly clinicalTime?: IsoTime;
  /** The correction that disproved the alert, when one did. */
  readonly correctionEventId?: string;
}

export interface AlertChangePlan {
  /** Findings with no alert yet, active or not (a past episode the history shows is raised too), and active findings whose alert was resolved. */
  readonly raise: PlannedRaise[];
  /** Alerts to resolve, including those raised by this plan for inactive findings (after their raise). */
  readonly resolve: PlannedResolution[];
}

export const NO_LONGER_SUPPORTED_DETAIL = "no longer supported by the patient's history (a later or corrected event disproves it)";

const key = (rule: AlertRuleCode, episodeKey: string) => JSON.stringify([rule, episodeKey]);
const generationOf = (a: { generation?: number } | undefined) => a?.generation ?? 0;
const withGeneration = <T extends object>(value: T, generation: number): T => (generation > 0 ? { ...value, generation } : value);

function clearedResolution(f: AlertFinding, generation: number): PlannedResolution {
  return withGeneration(
    {
      rule: f.rule,
      episodeKey: f.episodeKey,
      reason: f.clearedReason ?? 'CONDITION_CLEARED',
      detail: f.clearedBecause ?? 'condition cleared',
      ...(f.clearedAt !== undefined && { clinicalTime: f.clearedAt }),
    },
    generation,
  );
}

/**
 * The correction that disproved an alert: one recorded after it was raised that corrected an event
 * of its evidence, else the latest one recorded after it was raised. None: a later (back-dated)
 * event disproved it.
 */
function disprovingCorrection(alert: ExistingAlert, corrections: ReadonlyArray<CorrectionNote>): CorrectionNote | undefined {
  const after = corrections.filter((c) => alert.raisedAt === undefined || isAfter(c.recordedAt, alert.raisedAt));
  const latest = (list: CorrectionNote[]) => list.reduce<CorrectionNote | undefined>((a, c) => (!a || isAfter(c.recordedAt, a.recordedAt) ? c : a), undefined);
  const ofEvidence = after.filter((c) => alert.evidence?.includes(c.correctsEventId));
  return latest(ofEvidence.length > 0 ? ofEvidence : alert.raisedAt === undefined ? [] : after);
}

function unsupportedResolution(alert: ExistingAlert, corrections: ReadonlyArray<CorrectionNote>): PlannedResolution {
  const correction = disprovingCorrection(alert, corrections);
  const base = { rule: alert.rule, episodeKey: alert.episodeKey, reason: 'NO_LONGER_SUPPORTED' as const };
  if (!correction) return withGeneration({ ...base, detail: NO_LONGER_SUPPORTED_DETAIL }, generationOf(alert));
  const why = correction.reason.length > 300 ? `${correction.reason.slice(0, 299)}…` : correction.reason;
  const detail = `disproved by the correction of ${correction.correctsEventId} recorded ${correction.recordedAt}: ${why}`;
  return withGeneration({ ...base, detail, correctionEventId: correction.correctionEventId }, generationOf(alert));
}

/**
 * What the engine must do so that a patient's alerts match the findings of their whole history:
 * raise every finding without an alert of the same rule + episode; raise again, as a new
 * generation of the episode, an active finding whose latest alert is resolved (a correction brought
 * it back, issue 12); resolve every alert not yet resolved whose finding is inactive (cleared:
 * CONDITION_CLEARED, or PATIENT_REGIMEN_ENDED when the regimen's end cleared it) or absent
 * (NO_LONGER_SUPPORTED, naming the correction that disproved it when one did). A resolved alert
 * whose finding is still inactive stays resolved: a past episode needs no new alert.
 */
export function planAlertChanges(
  findings: ReadonlyArray<AlertFinding>,
  existing: ReadonlyArray<ExistingAlert>,
  corrections: ReadonlyArray<CorrectionNote> = [],
): AlertChangePlan {
  // The latest raised generation of each episode (an alert not raised, status NONE, is no alert).
  const latestByKey = new Map<string, ExistingAlert>();
  for (const a of existing) {
    if (a.status === 'NONE') continue;
    const k = key(a.rule, a.episodeKey);
    const current = latestByKey.get(k);
    if (!current || generationOf(a) > generationOf(current)) latestByKey.set(k, a);
  }
  const findingKeys = new Set(findings.map((f) => key(f.rule, f.episodeKey)));
  const raise: PlannedRaise[] = [];
  const resolve: PlannedResolution[] = [];
  for (const f of findings) {
    const latest = latestByKey.get(key(f.rule, f.episodeKey));
    if (!latest) {
      raise.push(f);
      if (!f.active) resolve.push(clearedResolution(f, 0));
    } else if (latest.status === 'RESOLVED') {
      if (f.active) raise.push(withGeneration(f, generationOf(latest) + 1));
    } else if (!f.active) {
      resolve.push(clearedResolution(f, generationOf(latest)));
    }
  }
  for (const a of existing) {
    if (a.status === 'NONE' || a.status === 'RESOLVED' || findingKeys.has(key(a.rule, a.episodeKey))) continue;
    resolve.push(unsupportedResolution(a, corrections));
  }
  return { raise, resolve };
}
