import { CorrectedMark, SeverityBadge } from '../components/badges';
import { newest, Table, value, words } from '../components/data-table';
import { Time } from '../components/time';
import type { Timeline } from '../charts/patient-series';
import { ruleLabel } from '../rule-labels';

type Corrections = { corrections?: Array<{ reason: string; correctedBy: string | null; recordedAt: string }> };

/** Every value behind the charts, newest first, in the clinic's time. */
export function PatientTables({ timeline }: { timeline: Timeline }) {
  const assessments = timeline.assessments.filter((a) => a.kind !== 'VITALS');
  const vitals = timeline.assessments.filter((a) => a.kind === 'VITALS');
  const sortedDex = newest(timeline.dexamethasone, (d) => d.givenAt);
  const details = (a: Record<string, unknown>) =>
    Object.entries(a)
      .filter(([key]) => !['eventId', 'kind', 'assessedAt', 'corrected', 'corrections', 'original', 'clinicalTimeOffset'].includes(key))
      .map(([key, v]) => `${key} ${value(v)}`)
      .join(', ');
  return (
    <div class="tables">
      <Table
        title="Alerts"
        headers={['Clinical time', 'Severity', 'Rule', 'Summary', 'Status']}
        empty="No alerts."
        rows={newest(timeline.alerts, (a) => a.clinicalTime).map((a) => [<Time iso={a.clinicalTime} />, <SeverityBadge severity={a.severity} />, <span title={a.rule}>{ruleLabel(a.rule)}</span>, a.summary, words(a.status)])}
      />
      <Table
        title="Labs"
        headers={['Collected', 'Test', 'Value', 'Upper limit', 'Flag', 'Specimen / method', '']}
        empty="No lab results."
        rows={newest(timeline.labs, (l) => l.collectedAt).map((l) => [
          <Time iso={l.collectedAt} />,
          l.test,
          `${value(l.value)} ${l.unit ?? ''}`,
          l.limitUnknown ? <em>unknown for this assay</em> : value(l.upperLimitOfNormal),
          l.flag === 'H' ? <strong>H</strong> : value(l.flag),
          [l.specimen, l.method].filter(Boolean).join(' / ') || '—',
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
      <Table
        title="Adverse events"
        headers={['Onset', 'Term', 'CTCAE grade', 'Resolved', 'Attribution to treatment', 'Action with treatment', '']}
        empty="No adverse events."
        rows={newest(timeline.adverseEvents, (e) => e.onsetAt).map((e) => [
          <Time iso={e.onsetAt} />,
          e.term,
          String(e.grade),
          e.resolvedAt ? <Time iso={e.resolvedAt} /> : <span class="muted">ongoing</span>,
          words(e.attribution),
          words(e.actionTaken),
          <CorrectedMark corrections={(e as Corrections).corrections} />,
        ])}
      />
      <Table
        title="Dexamethasone"
        headers={['Given', 'Indication', 'Dose (mg)', 'Protocol dose (mg)', 'Cycle, day', 'Within tolerance', '']}
        empty="No dexamethasone doses."
        rowClass={(i) => (sortedDex[i]!.indication === 'SUPPORTIVE' ? 'supportive' : undefined)}
        rows={sortedDex.map((d) =>
          d.indication === 'SUPPORTIVE'
            ? [<Time iso={d.givenAt} />, <span class="badge supportive">supportive</span>, value(d.doseMg), '—', 'no cycle', '—', <CorrectedMark corrections={(d as Corrections).corrections} />]
            : [
                <Time iso={d.givenAt} />,
                'Regimen',
                value(d.doseMg),
                value(d.protocolDoseMg),
                `${value(d.cycleNumber)}, ${value(d.cycleDay)}${d.extraDose ? ` (extra: ${words(d.extraDose)})` : ''}`,
                d.withinTolerance === false ? <strong>no</strong> : value(d.withinTolerance === true ? 'yes' : null),
                <CorrectedMark corrections={(d as Corrections).corrections} />,
              ],
        )}
      />
      <Table
        title="Thalidomide"
        headers={['From', 'To', 'mg/day', 'Protocol mg/day', 'Phase', 'Reason', '']}
        empty="No thalidomide."
        rows={newest(timeline.thalidomide, (t) => t.from).map((t) => [
          <Time iso={t.from} />,
          <Time iso={t.to} />,
          value(t.mgPerDay),
          value(t.protocolMgPerDay),
          words(t.phase),
          <>
            {value(t.reason)} {t.documentedReduction && <span class="badge documented">documented reduction</span>}
            {t.aboveProtocolMaximum && <strong> above the protocol maximum</strong>}
          </>,
          <CorrectedMark corrections={(t as Corrections).corrections} />,
        ])}
      />
      <Table
        title="Transfusions"
        headers={['Given', 'Product', 'Units', '']}
        empty="No transfusions."
        rows={newest(timeline.transfusions, (t) => t.givenAt).map((t) => [<Time iso={t.givenAt} />, t.product === 'PLATELETS' ? 'Platelets' : 'Red cells', String(t.units), <CorrectedMark corrections={(t as Corrections).corrections} />])}
      />
      <Table title="Transplant milestones" headers={['When', 'Milestone', 'Day', '']} empty="No transplant milestones." rows={newest(timeline.transplant, (m) => m.occurredAt).map((m) => [<Time iso={m.occurredAt} />, m.milestone, m.day === null ? '—' : m.day >= 0 ? `+${m.day}` : String(m.day), <CorrectedMark corrections={(m as Corrections).corrections} />])} />
    </div>
  );
}
