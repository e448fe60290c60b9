/** How the inbox orders and filters alerts: pure, so it is unit-tested. */
export interface InboxAlert {
  alertId: string;
  patientId: string;
  rule: string;
  severity: 'info' | 'warning' | 'critical';
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  clinicalTime: string;
  raisedAt: string;
}

export interface InboxFilter {
  rule: string;
  patientId: string;
  status: string;
  severity: string;
}

/** The default: what still needs or just had attention (open and acknowledged, not resolved). */
export const ACTIVE = 'ACTIVE';
export const NO_FILTER: InboxFilter = { rule: '', patientId: '', status: ACTIVE, severity: '' };

const RANK = { critical: 0, warning: 1, info: 2 } as const;

/** Critical first, then warning, then info; within a severity, the latest clinical time first. */
export function inboxOrder<T extends InboxAlert>(alerts: ReadonlyArray<T>): T[] {
  return [...alerts].sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.clinicalTime < b.clinicalTime ? 1 : a.clinicalTime > b.clinicalTime ? -1 : a.alertId < b.alertId ? -1 : 1));
}

export function applyFilter<T extends InboxAlert>(alerts: ReadonlyArray<T>, filter: InboxFilter): T[] {
  return alerts.filter(
    (a) => (!filter.rule || a.rule === filter.rule) && (!filter.patientId || a.patientId === filter.patientId) && (!filter.status || a.status === filter.status || (filter.status === ACTIVE && a.status !== 'RESOLVED')) && (!filter.severity || a.severity === filter.severity),
  );
}
