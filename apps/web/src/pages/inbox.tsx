import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { paths } from '../api/schema';
import { EscalationBadge, ErrorNote, Loading, SeverityBadge } from '../components/badges';
import { Time } from '../components/time';
import { applyFilter, type InboxFilter, inboxOrder, NO_FILTER } from '../inbox-order';
import { subscribeToAlerts } from '../live-alerts';
import { patientLabel, usePatients } from '../patients-lookup';
import { Link } from '../router';
import { hasRole, type Session } from '../session';
import { AcknowledgeForm } from './inbox-acknowledge';
import { ruleLabel } from '../rule-labels';

export type Alert = paths['/v1/alerts']['get']['responses'][200]['content']['application/json']['items'][number];

export function InboxPage({ session }: { session: Session }) {
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<InboxFilter>(NO_FILTER);
  const [feed, setFeed] = useState<'live' | 'reconnecting' | 'ended' | 'connecting'>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState(new Set<string>());
  const [acting, setActing] = useState<string | null>(null);
  const reload = useRef<() => Promise<void>>(async () => undefined);

  reload.current = async () => {
    const { data, error: problem } = await api.GET('/v1/alerts', { params: { query: { limit: '500' } } });
    if (data) setAlerts(data.items);
    else setError((problem as { message?: string })?.message ?? 'The alerts could not be loaded');
  };
  useEffect(() => {
    void reload.current();
    let pending: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeToAlerts(
      (event) => {
        if (event.type === 'alert.raised') {
          setFresh((previous) => new Set(previous).add(event.alertId));
          setAnnouncement(`New ${String(event.data['severity'] ?? '')} alert: ${String(event.data['summary'] ?? event.data['rule'] ?? '')}`);
        }
        // Events come in bursts (an import raises many): one reload per burst.
        clearTimeout(pending);
        pending = setTimeout(() => void reload.current(), 250);
      },
      (state) => setFeed(state),
    );
    return () => {
      clearTimeout(pending);
      unsubscribe();
    };
  }, []);

  const patients = usePatients(useMemo(() => (alerts ?? []).map((a) => a.patientId), [alerts]));
  const shown = useMemo(() => inboxOrder(applyFilter(alerts ?? [], filter)), [alerts, filter]);
  const rules = useMemo(() => [...new Set((alerts ?? []).map((a) => a.rule))].sort(), [alerts]);
  const mayAcknowledge = hasRole(session, 'clinician', 'admin');

  return (
    <section aria-labelledby="inbox-title">
      <div class="page-head">
        <h1 id="inbox-title">Alert inbox</h1>
        <span class={`feed feed-${feed}`} role="status">
          {feed === 'live' ? 'Live' : feed === 'ended' ? 'Live feed ended: sign in again' : feed === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </span>
      </div>
      <div class="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      <InboxFilters filter={filter} onChange={setFilter} rules={rules} patients={[...patients.values()]} />
      <ErrorNote message={error} />
      {alerts === null ? (
        <Loading what="alerts" />
      ) : (
        <table class="inbox">
          <caption class="visually-hidden">Alerts, critical first, then by clinical time, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Patient</th>
              <th scope="col">Alert</th>
              <th scope="col">Clinical time</th>
              <th scope="col">Status</th>
              <th scope="col">Acknowledgement</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((alert) => {
              const { name, mrn } = patientLabel(patients.get(alert.patientId), alert.patientId);
              return (
                <tr key={alert.alertId} class={`alert ${fresh.has(alert.alertId) ? 'fresh' : ''}`} data-alert-id={alert.alertId} data-rule={alert.rule}>
                  <td>
                    <SeverityBadge severity={alert.severity} /> <EscalationBadge level={alert.escalationLevel} />
                  </td>
                  <td>
                    <Link href={`/patients/${alert.patientId}`} class="patient-link">
                      {name}
                    </Link>
                    {mrn && <div class="muted">{mrn}</div>}
                  </td>
                  <td>
                    <strong class="rule" title={alert.rule}>
                      {ruleLabel(alert.rule)}
                    </strong>
                    <div>{alert.summary}</div>
                  </td>
                  <td>
                    <Time iso={alert.clinicalTime} />
                    <div class="muted">
                      raised <Time iso={alert.raisedAt} />
                    </div>
                  </td>
                  <td class="status">{alert.status}</td>
                  <td class="acknowledgement">
                    {alert.acknowledged ? (
                      <Acknowledged ack={alert.acknowledged} />
                    ) : alert.status === 'OPEN' && mayAcknowledge ? (
                      <AcknowledgeForm alertId={alert.alertId} open={acting === alert.alertId} onOpen={() => setActing(alert.alertId)} onClose={() => setActing(null)} onDone={() => void reload.current()} />
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {alerts !== null && shown.length === 0 && <p class="muted">No alerts match these filters.</p>}
    </section>
  );
}

function Acknowledged({ ack }: { ack: NonNullable<Alert['acknowledged']> }) {
  return (
    <div class="acknowledged">
      <strong>{ack.outcome === 'overridden' ? 'Overridden' : 'Accepted'}</strong> by {ack.by.userId} ({ack.by.role}), <Time iso={ack.acknowledgedAt} />
      {ack.reason && <div class="reason">“{ack.reason}”</div>}
    </div>
  );
}

function InboxFilters({ filter, onChange, rules, patients }: { filter: InboxFilter; onChange: (f: InboxFilter) => void; rules: string[]; patients: ReturnType<typeof usePatients> extends Map<string, infer P> ? P[] : never }) {
  const set = (key: keyof InboxFilter) => (event: Event) => onChange({ ...filter, [key]: (event.currentTarget as HTMLSelectElement).value });
  return (
    <form class="filters" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
      <label>
        Status
        <select value={filter.status} onChange={set('status')}>
          <option value="ACTIVE">Open or acknowledged</option>
          <option value="">Any</option>
          <option value="OPEN">Open</option>
          <option value="ACKNOWLEDGED">Acknowledged</option>
          <option value="RESOLVED">Resolved</option>
        </select>
      </label>
      <label>
        Severity
        <select value={filter.severity} onChange={set('severity')}>
          <option value="">Any</option>
          <option value="critical">Critical</option>
          <option value="warning">Warning</option>
          <option value="info">Info</option>
        </select>
      </label>
      <label>
        Rule
        <select value={filter.rule} onChange={set('rule')}>
          <option value="">Any</option>
          {rules.map((rule) => (
            <option key={rule} value={rule}>
              {ruleLabel(rule)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Patient
        <select value={filter.patientId} onChange={set('patientId')}>
          <option value="">Any</option>
          {patients.map((p) => (
            <option key={p.patientId} value={p.patientId}>
              {patientLabel(p).name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
