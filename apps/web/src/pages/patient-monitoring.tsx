import { CorrectedMark } from '../components/badges';
import { newest, Table, value, words } from '../components/data-table';
import { Time } from '../components/time';
import type { Timeline } from '../charts/patient-series';
import { agentName, childbearingText, thromboprophylaxisPeriods } from '../safety';
import { formatCalendarDate } from '../time';

type Due = Timeline['assessmentSchedule']['next'][number];
type Corrections = { corrections?: Array<{ reason: string; correctedBy: string | null; recordedAt: string }> };

const KINDS: Readonly<Record<Due['kind'], string>> = {
  VEGF: 'VEGF',
  M_PROTEIN_IFE: 'Immunofixation',
  ONLS: 'ONLS',
  NERVE_CONDUCTION: 'Nerve conduction',
  CT_EFFUSION: 'CT for effusions',
  CD34_YIELD: 'CD34+ yield',
};
function DueCell({ d }: { d: Due }) {
  return (
    <>
      {formatCalendarDate(d.dueDate)} ({d.kind === 'CD34_YIELD' ? 'at apheresis' : `day ${d.day}`})
      <div class="muted">
        window <Time iso={d.opensAt} dateOnly /> to {formatCalendarDate(d.closesOn)}
      </div>
    </>
  );
}

/** The assessment schedule as the timeline judged it: what is next (window open or to come), overdue, and late. */
export function ScheduleSection({ timeline }: { timeline: Timeline }) {
  const { next, overdue, late } = timeline.assessmentSchedule;
  const rows = [
    ...overdue.map((d) => ({ d, status: <strong class="overdue">Overdue: window closed {formatCalendarDate(d.closesOn)}, no result</strong>, cls: 'overdue' })),
    ...next.map((d) => ({ d, status: d.status === 'OPEN' ? <span>Window open until {formatCalendarDate(d.closesOn)}</span> : <span class="muted">Upcoming, window closes {formatCalendarDate(d.closesOn)}</span>, cls: d.status === 'OPEN' ? 'open' : undefined })),
    ...late.map((d) => ({ d, status: <span>Late: done <Time iso={d.result?.at} dateOnly /> after the window closed {formatCalendarDate(d.closesOn)}</span>, cls: 'late' })),
  ];
  return (
    <Table
      title="Assessment schedule"
      headers={['Assessment', 'Due', 'Status']}
      empty="No schedule yet: it starts with the treatment (the first thalidomide dose, or the stem cell infusion) or an apheresis."
      rowClass={(i) => rows[i]!.cls}
      rows={rows.map(({ d, status }) => [KINDS[d.kind], <DueCell d={d} />, status])}
    />
  );
}

const DOMAINS = { VEGF: 'VEGF', HAEMATOLOGIC: 'Haematologic (immunofixation)', CLINICAL: 'Clinical (ONLS, nerve conduction)' } as const;

/** The POEMS response per domain: the latest of each, and the rule it was judged by. */
export function ResponseSection({ timeline }: { timeline: Timeline }) {
  const { current, rule, treatmentStartedAt } = timeline.response;
  return (
    <section class="data-table response" aria-labelledby="table-response">
      <h2 id="table-response">Response per domain</h2>
      <p class="muted">{treatmentStartedAt ? <>Day 0: <Time iso={treatmentStartedAt} dateOnly /></> : 'Not started: no response is judged before day 0.'}</p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col">Response</th>
              <th scope="col">Judged on</th>
              <th scope="col">Measured</th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(DOMAINS) as Array<keyof typeof DOMAINS>).map((domain) => {
              const latest = current[domain];
              return (
                <tr key={domain} data-domain={domain}>
                  <th scope="row">{DOMAINS[domain]}</th>
                  <td>{latest ? <strong>{words(latest.response)}</strong> : <span class="muted">not evaluable yet</span>}</td>
                  <td>{latest?.detail ?? '—'}</td>
                  <td>{latest ? <>day {latest.daysSinceStart} (<Time iso={latest.at} dateOnly />)</> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details>
        <summary>The rule</summary>
        <pre class="rule-text">{rule}</pre>
      </details>
    </section>
  );
}

/** The thalidomide safety programme: whether pregnancy tests apply (and the assumption made), the tests, dispensings, thromboprophylaxis. */
export function SafetySection({ timeline }: { timeline: Timeline }) {
  const tests = timeline.labs.filter((l) => l.test === 'PREGNANCY_TEST');
  const periods = thromboprophylaxisPeriods(timeline.thromboprophylaxis);
  const onThalidomide = timeline.thalidomide.length > 0 || timeline.thalidomideDispensing.length > 0;
  if (!onThalidomide && tests.length === 0 && periods.length === 0) return null;
  return (
    <section class="safety" aria-labelledby="safety-title">
      <h2 id="safety-title">Thalidomide safety</h2>
      {timeline.safety && <p class="safety-basis">{childbearingText(timeline.safety)}</p>}
      <div class="tables">
        <Table
          title="Pregnancy tests"
          headers={['Collected', 'Result', '']}
          empty={timeline.safety?.childbearingPotential ? 'No pregnancy test recorded.' : 'None recorded (not required).'}
          rows={newest(tests, (t) => t.collectedAt).map((t) => [<Time iso={t.collectedAt} />, t.value === 'positive' ? <strong class="positive">positive</strong> : String(t.value), <CorrectedMark corrections={(t as Corrections).corrections} />])}
        />
        <Table
          title="Thalidomide dispensings"
          headers={['Dispensed', 'mg/day', 'Days’ supply', '']}
          empty="No dispensing recorded."
          rows={newest(timeline.thalidomideDispensing, (d) => d.dispensedAt).map((d) => [
            <Time iso={d.dispensedAt} />,
            value(d.mgPerDay),
            d.daysSupply > 28 ? <strong>{d.daysSupply} (over 28)</strong> : String(d.daysSupply),
            <CorrectedMark corrections={(d as Corrections).corrections} />,
          ])}
        />
        <Table
          title="Thromboprophylaxis"
          headers={['Agent', 'From', 'To', 'Stopped because']}
          empty="No thromboprophylaxis recorded."
          rows={newest(periods, (p) => p.from).map((p) => [agentName(p.agent), <Time iso={p.from} dateOnly />, p.to ? <Time iso={p.to} dateOnly /> : <strong>active</strong>, value(p.stopReason)])}
        />
      </div>
    </section>
  );
}
