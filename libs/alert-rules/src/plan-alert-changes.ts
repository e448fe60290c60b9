import type { IsoTime } from '@poems/kernel';
import type { AlertFinding, AlertRuleCode } from './alert-finding';
import type { ResolutionReason } from './alert-events';
import type { AlertStatus } from './alert-state';

export interface ExistingAlert {
  readonly rule: AlertRuleCode;
  readonly episodeKey: string;
  readonly status: AlertStatus;
}

export interface PlannedResolution {
  readonly rule: AlertRuleCode;
  readonly episodeKey: string;
  readonly reason: ResolutionReason;
  readonly detail: string;
  /** The clinical time the condition cleared, when it did. */
  readonly clinicalTime?: IsoTime;
}

export interface AlertChangePlan {
  /** Findings with no alert yet, active or not: a past episode the history shows is raised too. */
  readonly raise: AlertFinding[];
  /** Alerts to resolve, including those raised by this plan for inactive findings (after their raise). */
  readonly resolve: PlannedResolution[];
}

export const NO_LONGER_SUPPORTED_DETAIL = "no longer supported by the patient's history (a later or corrected event disproves it)";

const key = (rule: AlertRuleCode, episodeKey: string) => JSON.stringify([rule, episodeKey]);

function clearedResolution(f: AlertFinding): PlannedResolution {
  return {
    rule: f.rule,
    episodeKey: f.episodeKey,
    reason: f.clearedReason ?? 'CONDITION_CLEARED',
    detail: f.clearedBecause ?? 'condition cleared',
    ...(f.clearedAt !== undefined && { clinicalTime: f.clearedAt }),
  };
}

/**
 * What the engine must do so that a patient's alerts match the findings of their whole history:
 * raise every finding without an alert of the same rule + episode; resolve every alert not yet
 * resolved whose finding is inactive (cleared: CONDITION_CLEARED, or PATIENT_REGIMEN_ENDED when
 * the regimen's end cleared it) or absent (NO_LONGER_SUPPORTED). An alert already resolved is never
 * re-raised: its id is taken (limit: a finding that comes back after a correction stays resolved).
 */
export function planAlertChanges(findings: ReadonlyArray<AlertFinding>, existing: ReadonlyArray<ExistingAlert>): AlertChangePlan {
  const existingByKey = new Map(existing.map((a) => [key(a.rule, a.episodeKey), a]));
  const findingKeys = new Set(findings.map((f) => key(f.rule, f.episodeKey)));
  const raise: AlertFinding[] = [];
  const resolve: PlannedResolution[] = [];
  for (const f of findings) {
    const alert = existingByKey.get(key(f.rule, f.episodeKey));
    if (!alert || alert.status === 'NONE') raise.push(f);
    if (!f.active && alert?.status !== 'RESOLVED') resolve.push(clearedResolution(f));
  }
  for (const a of existing) {
    if (a.status === 'NONE' || a.status === 'RESOLVED' || findingKeys.has(key(a.rule, a.episodeKey))) continue;
    resolve.push({ rule: a.rule, episodeKey: a.episodeKey, reason: 'NO_LONGER_SUPPORTED', detail: NO_LONGER_SUPPORTED_DETAIL });
  }
  return { raise, resolve };
}
