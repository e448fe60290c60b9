import { applyFilter, inboxOrder, type InboxAlert } from './inbox-order';

const alert = (alertId: string, severity: InboxAlert['severity'], clinicalTime: string, extra: Partial<InboxAlert> = {}): InboxAlert => ({
  alertId,
  patientId: 'p1',
  rule: 'VEGF_REBOUND',
  severity,
  status: 'OPEN',
  clinicalTime,
  raisedAt: clinicalTime,
  ...extra,
});

describe('the inbox order', () => {
  it('puts the one critical alert first, whatever its age, then warnings and infos, each newest first', () => {
    const alerts = [
      alert('w-new', 'warning', '2026-11-20T00:00:00Z'),
      alert('i', 'info', '2026-11-25T00:00:00Z'),
      alert('w-old', 'warning', '2026-10-01T00:00:00Z'),
      alert('c-old', 'critical', '2026-09-01T00:00:00Z'),
    ];
    expect(inboxOrder(alerts).map((a) => a.alertId)).toEqual(['c-old', 'w-new', 'w-old', 'i']);
  });

  it('filters by rule, patient, status and severity together', () => {
    const alerts = [alert('a', 'warning', '2026-01-01T00:00:00Z'), alert('b', 'warning', '2026-01-01T00:00:00Z', { patientId: 'p2', rule: 'DEX_CYCLE_MISSED' }), alert('c', 'critical', '2026-01-01T00:00:00Z', { status: 'ACKNOWLEDGED' })];
    expect(applyFilter(alerts, { rule: '', patientId: '', status: 'OPEN', severity: '' }).map((a) => a.alertId)).toEqual(['a', 'b']);
    expect(applyFilter(alerts, { rule: 'DEX_CYCLE_MISSED', patientId: 'p2', status: '', severity: 'warning' }).map((a) => a.alertId)).toEqual(['b']);
    expect(applyFilter(alerts, { rule: '', patientId: '', status: '', severity: 'critical' }).map((a) => a.alertId)).toEqual(['c']);
    const resolved = alert('r', 'info', '2026-01-01T00:00:00Z', { status: 'RESOLVED' });
    expect(applyFilter([...alerts, resolved], { rule: '', patientId: '', status: 'ACTIVE', severity: '' }).map((a) => a.alertId)).toEqual(['a', 'b', 'c']);
  });
});
