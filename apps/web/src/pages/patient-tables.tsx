import type { ComponentChildren } from 'preact';
import { CorrectedMark, SeverityBadge } from '../components/badges';
import { Time } from '../components/time';
import type { Timeline } from '../charts/patient-series';

type Corrections = { corrections?: Array<{ reason: string; correctedBy: string | null; recordedAt: string }> };

function Table({ title, headers, rows, empty }: { title: string; headers: string[]; rows: ComponentChildren[][]; empty: string }) {
  const id = `table-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section class="data-table" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((cells, i) => (
                <tr key={i}>
                  {cells.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const value = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : String(v));

/** Every value behind the charts, newest first, in the clinic's time. */
export function PatientTables({ timeline }: { timeline: Timeline }) {
  const newest = <T,>(items: T[], time: (item: T) => string) => [...items].sort((a, b) => (time(a) < time(b) ? 1 : -1));
  const assessments = timeline.assessments.filter((a) => a.kind !== 'VITALS');
  const vitals = timeline.assessments.filter((a) => a.kind === 'VITALS');
  const details = (a: Record<string, unknown>) =>
    Object.entries(a)
      .filter(([key]) => !['eventId', 'kind', 'assessedAt', 'corrected', 'corrections', 'original'].includes(key))
      .map(([key, v]) => `${key} ${value(v)}`)
      .join(', ');
  return (
    <div class="tables">
      <Table
        title="Alerts"
        headers={['Clinical time', 'Severity', 'Rule', 'Summary', 'Status']}
        empty="No alerts."
        rows={newest(timeline.alerts, (a) => a.clinicalTime).map((a) => [<Time iso={a.clinicalTime} />, <SeverityBadge severity={a.severity} />, a.rule, a.summary, a.status])}
      />
      <Table
        title="Labs"
        headers={['Collected', 'Test', 'Value', 'Upper limit', 'Flag', 'Specimen / method', '']}
        empty="No lab results."
        rows={newest(timeline.labs, (l) => l.collectedAt).map((l) => [
          <Time iso={l.collectedAt} />,
          l.test,
          `${value(l.value)} ${l.unit ?? ''}`,
          value(l.upperLimitOfNormal),
          l.flag === 'H' ? <strong>H</strong> : value(l.flag),
          [l['specimen'], l['method']].filter(Boolean).join(' / ') || '—',
          <CorrectedMark corrections={(l as Corrections).corrections} />,
        ])}
      />
      <Table title="Assessments" headers={['Assessed', 'Kind', 'Findings', '']} empty="No assessments." rows={newest(assessments, (a) => a.assessedAt).map((a) => [<Time iso={a.assessedAt} />, a.kind, details(a), <CorrectedMark corrections={(a as Corrections).corrections} />])} />
      <Table
        title="Vitals"
        headers={['Measured', 'Temperature (°C)', 'Heart rate (/min)', 'Blood pressure (mmHg)', '']}
        empty="No vitals."
        rows={newest(vitals, (a) => a.assessedAt).map((a) => [
          <Time iso={a.assessedAt} />,
          value(a['temperatureC']),
          value(a['heartRateBpm']),
          a['systolicMmHg'] ? `${value(a['systolicMmHg'])}/${value(a['diastolicMmHg'])}` : '—',
          <CorrectedMark corrections={(a as Corrections).corrections} />,
        ])}
      />
      <Table title="Adverse events" headers={['Onset', 'Term', 'Grade', '']} empty="No adverse events." rows={newest(timeline.adverseEvents, (e) => String(e['onsetAt'])).map((e) => [<Time iso={String(e['onsetAt'])} />, value(e['term']), value(e['grade']), <CorrectedMark corrections={(e as Corrections).corrections} />])} />
      <Table
        title="Dexamethasone"
        headers={['Given', 'Dose (mg)', 'Protocol dose (mg)', 'Cycle, day', 'Within tolerance', '']}
        empty="No dexamethasone doses."
        rows={newest(timeline.dexamethasone, (d) => d.givenAt).map((d) => [<Time iso={d.givenAt} />, value(d.doseMg), value(d.protocolDoseMg), `${value(d.cycleNumber)}, ${value(d.cycleDay)}`, d.withinTolerance === false ? <strong>no</strong> : value(d.withinTolerance === true ? 'yes' : null), <CorrectedMark corrections={(d as Corrections).corrections} />])}
      />
      <Table
        title="Thalidomide"
        headers={['From', 'To', 'mg/day', 'Protocol mg/day', 'Phase', '']}
        empty="No thalidomide."
        rows={newest(timeline.thalidomide, (t) => t.from).map((t) => [<Time iso={t.from} />, <Time iso={t.to} />, value(t.mgPerDay), value(t.protocolMgPerDay), value(t.phase), <CorrectedMark corrections={(t as Corrections).corrections} />])}
      />
      <Table title="Transplant milestones" headers={['When', 'Milestone', 'Day', '']} empty="No transplant milestones." rows={newest(timeline.transplant, (m) => m.occurredAt).map((m) => [<Time iso={m.occurredAt} />, m.milestone, m.day === null ? '—' : m.day >= 0 ? `+${m.day}` : String(m.day), <CorrectedMark corrections={(m as Corrections).corrections} />])} />
    </div>
  );
}
