import type { RaisedAlertState } from '@poems/alert-rules';
import type { Pool } from 'pg';
import { beforeBuilt } from '../before-built';

export interface AlertFilter {
  /** Null: every care team (auditors, admins). */
  careTeams: string[] | null;
  status?: string;
  patientId?: string;
  rule?: string;
  severity?: string;
  limit: number;
  /** Raised strictly before this alert (keyset paging, newest first). */
  before?: { raisedAt: string; alertId: string };
}

export interface AlertListItem {
  alertId: string;
  patientId: string;
  careTeam: string;
  rule: string;
  severity: string;
  status: string;
  clinicalTime: string;
  raisedAt: string;
  summary: string;
  evidence: string[];
  acknowledged: RaisedAlertState['acknowledged'] | null;
  escalationLevel: number;
  resolved: RaisedAlertState['resolved'] | null;
  /** 0 for an episode's first alert; 1, 2… when a correction brought a resolved episode back. */
  generation: number;
}

export function toListItem(state: RaisedAlertState): AlertListItem {
  return {
    alertId: state.alertId,
    patientId: state.patientId,
    careTeam: state.careTeam,
    rule: state.rule,
    severity: state.severity,
    status: state.status,
    clinicalTime: state.clinicalTime,
    raisedAt: state.raisedAt,
    summary: state.summary,
    evidence: [...state.evidence],
    acknowledged: state.acknowledged ?? null,
    escalationLevel: state.escalations.length,
    resolved: state.resolved ?? null,
    generation: state.generation ?? 0,
  };
}

export async function listAlerts(pool: Pool, schema: string, filter: AlertFilter): Promise<AlertListItem[]> {
  const { rows } = await beforeBuilt(pool.query<{ state: RaisedAlertState }>(
    `SELECT state FROM ${schema}.alert_inbox
     WHERE ($1::text[] IS NULL OR care_team = ANY($1))
       AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR patient_id = $3)
       AND ($4::text IS NULL OR rule = $4) AND ($5::text IS NULL OR severity = $5)
       AND ($6::timestamptz IS NULL OR (raised_at, alert_id) < ($6::timestamptz, $7::uuid))
     ORDER BY raised_at DESC, alert_id DESC
     LIMIT $8`,
    [filter.careTeams, filter.status ?? null, filter.patientId ?? null, filter.rule ?? null, filter.severity ?? null, filter.before?.raisedAt ?? null, filter.before?.alertId ?? null, filter.limit],
  ), { rows: [] });
  return rows.map((row) => toListItem(row.state));
}

export async function findAlert(pool: Pool, schema: string, alertId: string): Promise<RaisedAlertState | undefined> {
  const { rows } = await beforeBuilt(pool.query<{ state: RaisedAlertState }>(`SELECT state FROM ${schema}.alert_inbox WHERE alert_id = $1`, [alertId]), { rows: [] });
  return rows[0]?.state;
}

/** Every alert of a patient (for the timeline). */
export async function patientAlerts(pool: Pool, schema: string, patientId: string): Promise<RaisedAlertState[]> {
  const { rows } = await beforeBuilt(pool.query<{ state: RaisedAlertState }>(`SELECT state FROM ${schema}.alert_inbox WHERE patient_id = $1 ORDER BY clinical_time`, [patientId]), { rows: [] });
  return rows.map((row) => row.state);
}

export interface RuleStats {
  rule: string;
  raised: number;
  open: number;
  acknowledged: number;
  accepted: number;
  overridden: number;
  resolved: number;
  escalated: number;
  overrideRate: number | null;
  medianSecondsToAcknowledge: number | null;
}

/** Alert fatigue in numbers: how many fire, how many are overridden, how fast they are acknowledged. */
export async function alertStats(pool: Pool, schema: string, careTeams: string[] | null): Promise<RuleStats[]> {
  const { rows } = await beforeBuilt(pool.query(
    `SELECT rule, count(*)::int AS raised,
            count(*) FILTER (WHERE status = 'OPEN')::int AS open,
            count(acknowledged_at)::int AS acknowledged,
            count(*) FILTER (WHERE outcome = 'accepted')::int AS accepted,
            count(*) FILTER (WHERE outcome = 'overridden')::int AS overridden,
            count(resolved_at)::int AS resolved,
            count(*) FILTER (WHERE escalation_level > 0)::int AS escalated,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at))
              FILTER (WHERE acknowledged_at IS NOT NULL) AS median
     FROM ${schema}.alert_inbox WHERE ($1::text[] IS NULL OR care_team = ANY($1))
     GROUP BY rule ORDER BY rule`,
    [careTeams],
  ), { rows: [] });
  return rows.map((row) => ({
    rule: row.rule,
    raised: row.raised,
    open: row.open,
    acknowledged: row.acknowledged,
    accepted: row.accepted,
    overridden: row.overridden,
    resolved: row.resolved,
    escalated: row.escalated,
    overrideRate: row.acknowledged ? row.overridden / row.acknowledged : null,
    medianSecondsToAcknowledge: row.median === null ? null : Math.round(Number(row.median)),
  }));
}
